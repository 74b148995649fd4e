// The rpc-compat files Lanes does not pass, each with its reason (docs/node.md repeats this table). The
// suite (rpc-compat.test.ts) requires each of these to fail and every other file to pass.
export const NOT_PASSING: Record<string, string> = {
  "debug_traceBlockByHash/trace-block-with-transactions":
    "traces a pre-Cancun block: Lanes has no rules for forks before Cancun yet (issue 21), so it cannot re-execute it",
  "debug_traceBlockByNumber/trace-block-memory-encoding":
    "traces a pre-Cancun block: Lanes has no rules for forks before Cancun yet (issue 21), so it cannot re-execute it",
  "debug_traceBlockByNumber/trace-block-return-data-behavior":
    "traces a pre-Cancun block: Lanes has no rules for forks before Cancun yet (issue 21), so it cannot re-execute it",
  "debug_traceBlockByNumber/trace-block-storage-encoding":
    "traces a pre-Cancun block: Lanes has no rules for forks before Cancun yet (issue 21), so it cannot re-execute it",
  "debug_traceBlockByNumber/trace-block-storage-snapshot-timing":
    "traces a pre-Cancun block: Lanes has no rules for forks before Cancun yet (issue 21), so it cannot re-execute it",
  "debug_traceBlockByNumber/trace-block-with-transactions":
    "traces a pre-Cancun block: Lanes has no rules for forks before Cancun yet (issue 21), so it cannot re-execute it",
  "debug_traceTransaction/trace-contract-call":
    "the transaction is pre-Cancun: Lanes has no rules for forks before Cancun yet (issue 21), so it cannot re-execute it",
  "debug_traceTransaction/trace-legacy-transfer":
    "the transaction is pre-Cancun: Lanes has no rules for forks before Cancun yet (issue 21), so it cannot re-execute it",
  "eth_simulateV1/ethSimulate-add-more-non-defined-BlockStateCalls-than-fit":
    "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-add-more-non-defined-BlockStateCalls-than-fit-but-now-with-fit":
    "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-basefee-too-low-with-validation-38012": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-basefee-too-low-without-validation-38012": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-basefee-too-low-without-validation-38012-without-basefee-override":
    "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-big-block-state-calls-array": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-blobs": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-block-num-order-38020": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-block-override-reflected-in-contract": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-block-override-reflected-in-contract-simple":
    "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-block-timestamp-auto-increment": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-block-timestamp-non-increment": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-block-timestamp-order-38021": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-block-timestamps-incrementing": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-blockhash-complex": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-blockhash-simple": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-blockhash-start-before-head": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-blocknumber-increment": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-check-invalid-nonce": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-check-that-balance-is-there-after-new-block":
    "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-check-that-nonce-increases": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-contract-calls-itself": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-empty": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-empty-calls-and-overrides-ethSimulate": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-empty-validation": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-empty-with-block-num-set-current": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-empty-with-block-num-set-firstblock": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-empty-with-block-num-set-minusone": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-empty-with-block-num-set-plus1": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-eth-send-should-not-produce-logs-by-default":
    "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-eth-send-should-not-produce-logs-on-revert":
    "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-eth-send-should-produce-logs": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-eth-send-should-produce-more-logs-on-forward":
    "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-eth-send-should-produce-no-logs-on-forward-revert":
    "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-extcodehash-existing-contract": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-extcodehash-override": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-extcodehash-precompile": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-fee-recipient-receiving-funds": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-gas-fees-and-value-error-38014": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-gas-fees-and-value-error-38014-with-validation":
    "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-get-block-properties": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-instrict-gas-38013": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-logs": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-make-call-with-future-block": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-move-ecrecover-and-call": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-move-ecrecover-and-call-old-and-new": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-move-ecrecover-twice-and-call": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-move-to-address-itself-reference-38022": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-move-two-accounts-to-same-38023": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-move-two-non-precompiles-accounts-to-same": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-no-fields-call": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-only-from-to-transaction": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-only-from-transaction": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-overflow-nonce": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-overflow-nonce-validation": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-override-address-twice": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-override-address-twice-in-separate-BlockStateCalls":
    "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-override-all-in-BlockStateCalls": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-override-block-num": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-override-ecrecover": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-override-identity": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-override-sha256": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-override-storage-slots": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-overwrite-existing-contract": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-precompile-is-sending-transaction": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-run-gas-spending": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-run-out-of-gas-in-block-38015": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-self-destructing-state-override": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-self-destructive-contract-produces-logs": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-send-eth-and-delegate-call": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-send-eth-and-delegate-call-to-eoa": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-send-eth-and-delegate-call-to-payble-contract":
    "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-set-read-storage": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-simple": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-simple-more-params-validate": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-simple-no-funds": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-simple-no-funds-with-balance-querying": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-simple-no-funds-with-validation": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-simple-no-funds-with-validation-without-nonces":
    "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-simple-send-from-contract": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-simple-send-from-contract-no-balance": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-simple-send-from-contract-with-validation": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-simple-state-diff": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-simple-validation-fulltx": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-simple-with-validation-no-funds": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-transaction-too-high-nonce": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-transaction-too-low-nonce-38010": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-transfer-over-BlockStateCalls": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-try-to-move-non-precompile": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-two-blocks-with-complete-eth-sends": "eth_simulateV1 is not implemented",
  "eth_simulateV1/ethSimulate-use-as-many-features-as-possible": "eth_simulateV1 is not implemented",
};
