export { RingBufferPoller, type RingBufferPollMode, type RingBufferPollOptions } from './poller.js';
export { type RecordCallback, RingBuffer, type RingBufferStats } from './reader.js';
