// A log record emitted by LOG0..LOG4.

export interface Log {
  address: bigint;
  topics: bigint[];
  data: Uint8Array;
}
