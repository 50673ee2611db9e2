/** Wildcards in probe-point components: `*`, `?` and `[...]` as fnmatch(3) without flags. */

const cache = new Map<string, RegExp>();

export function isGlob(text: string): boolean {
  return /[*?[]/.test(text);
}

export function fnmatch(pattern: string, text: string): boolean {
  if (!isGlob(pattern)) return pattern === text;
  let re = cache.get(pattern);
  if (!re) {
    let src = '^';
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i] as string;
      if (c === '*') src += '.*';
      else if (c === '?') src += '.';
      else if (c === '[') {
        const close = pattern.indexOf(']', i + 2);
        if (close < 0) src += '\\[';
        else {
          let body = pattern.slice(i + 1, close);
          if (body.startsWith('!')) body = `^${body.slice(1)}`;
          src += `[${body.replace(/\\/g, '\\\\')}]`;
          i = close;
        }
      } else src += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
    }
    re = new RegExp(`${src}$`, 's');
    cache.set(pattern, re);
  }
  return re.test(text);
}
