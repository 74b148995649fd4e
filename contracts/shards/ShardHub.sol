// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Shards} from "./ICrossShard.sol";
import {ISuperblockVerifier} from "./ISuperblockVerifier.sol";
import {MerklePatriciaProof} from "./MerklePatriciaProof.sol";

/// @title ShardHub: the L1 anchor of a Lanes network of shards.
/// @notice The shard registry; deposits (ETH, ERC-20, messages) that the sequencer turns into system
/// transactions on a shard; superblock commitments (every shard's block hash, state root, message root and
/// witness hash, for all shards in one call or none), chained by hash; finalization once the verifier accepts
/// an attestation of the chain up to a superblock; and withdrawals proven with a Merkle-Patricia proof of the
/// shard messenger's `sent[id]` against a finalized state root, each at most once.
/// A committed superblock that is not final yet may be replaced by the sequencer (after an L1 reorg or a
/// failed verification); a final one never changes.
contract ShardHub {
    using SafeERC20 for IERC20;

    struct ShardInfo {
        uint64 chainId;
        bytes32 genesisBlockHash;
    }

    uint8 public constant DEPOSIT_ETH = 0;
    uint8 public constant DEPOSIT_ERC20 = 1;
    uint8 public constant DEPOSIT_MESSAGE = 2;
    /// The messenger's `sent` mapping is at storage slot 2 (ShardMessenger's layout).
    uint256 internal constant SENT_SLOT = 2;

    address public immutable sequencer;
    ISuperblockVerifier public immutable verifier;
    uint64 public immutable shardCount;

    ShardInfo[] private registry;
    uint64 public lastCommitted;
    uint64 public lastFinalized;
    /// superblockHash[k] = keccak256(abi.encode(superblockHash[k-1], k, blockHashes, stateRoots, messageRoots,
    /// witnessHashes)); superblockHash[0] commits to the shards' genesis blocks.
    mapping(uint64 => bytes32) public superblockHash;
    mapping(uint64 => mapping(uint64 => bytes32)) private roots; // superblock -> shard -> state root
    mapping(uint64 => mapping(uint64 => bytes32)) private blocks; // superblock -> shard -> block hash

    uint256 public depositCount;
    mapping(uint256 => bytes32) public depositIds;
    mapping(bytes32 => bool) public withdrawn;

    /// During a withdrawal's call: the shard and the sender of the message (both zero otherwise).
    uint64 public xShardSenderShard;
    address public xShardSender;

    event SuperblockCommitted(uint64 indexed k, bytes32 hash, bytes32[] stateRoots);
    event SuperblockFinalized(uint64 indexed k, bytes32 hash);
    event Deposit(
        uint256 indexed nonce,
        uint64 indexed shard,
        uint8 kind,
        bytes32 id,
        address from,
        address to,
        address token,
        uint256 amount,
        bytes data
    );
    event WithdrawalProven(bytes32 indexed id, uint64 indexed shard, address indexed target, uint256 value);

    error NotSequencer();
    error WrongShardCount();
    error BadSuperblockNumber();
    error NotVerified();
    error UnknownShard();
    error NotFinal();
    error AlreadyWithdrawn();
    error MessageNotSent();
    error WithdrawalCallFailed(bytes reason);
    error BadDeposit();

    constructor(
        address sequencer_,
        ISuperblockVerifier verifier_,
        uint64[] memory chainIds,
        bytes32[] memory genesisBlockHashes,
        bytes32[] memory genesisStateRoots
    ) {
        uint256 n = chainIds.length;
        if (n == 0 || genesisBlockHashes.length != n || genesisStateRoots.length != n) revert WrongShardCount();
        sequencer = sequencer_;
        verifier = verifier_;
        shardCount = uint64(n);
        bytes32[] memory zeros = new bytes32[](n);
        for (uint64 s = 0; s < n; s++) {
            registry.push(ShardInfo(chainIds[s], genesisBlockHashes[s]));
            roots[0][s] = genesisStateRoots[s];
            blocks[0][s] = genesisBlockHashes[s];
        }
        superblockHash[0] = keccak256(
            abi.encode(bytes32(0), uint64(0), genesisBlockHashes, genesisStateRoots, zeros, zeros)
        );
    }

    // ----- registry -----

    function shard(uint64 id) external view returns (ShardInfo memory) {
        if (id >= shardCount) revert UnknownShard();
        return registry[id];
    }

    function stateRoot(uint64 k, uint64 shardId) external view returns (bytes32) {
        return roots[k][shardId];
    }

    function blockHash(uint64 k, uint64 shardId) external view returns (bytes32) {
        return blocks[k][shardId];
    }

    // ----- superblocks -----

    /// @notice Records superblock k: one entry per shard in each array, all shards or none. Replaces a
    /// committed but not finalized k (and drops the ones after it).
    function commitSuperblock(
        uint64 k,
        bytes32[] calldata blockHashes,
        bytes32[] calldata stateRoots,
        bytes32[] calldata messageRoots,
        bytes32[] calldata witnessHashes
    ) external {
        if (msg.sender != sequencer) revert NotSequencer();
        uint256 n = shardCount;
        if (
            blockHashes.length != n || stateRoots.length != n || messageRoots.length != n || witnessHashes.length != n
        ) revert WrongShardCount();
        if (k <= lastFinalized || k > lastCommitted + 1) revert BadSuperblockNumber();
        bytes32 h = keccak256(abi.encode(superblockHash[k - 1], k, blockHashes, stateRoots, messageRoots, witnessHashes));
        superblockHash[k] = h;
        for (uint64 s = 0; s < n; s++) {
            roots[k][s] = stateRoots[s];
            blocks[k][s] = blockHashes[s];
        }
        lastCommitted = k;
        emit SuperblockCommitted(k, h, stateRoots);
    }

    /// @notice What the verifier attests for superblock k: this hub on this chain, and the hash chain up to k.
    function digest(uint64 k) public view returns (bytes32) {
        return keccak256(abi.encode("lanes/superblock/v1", block.chainid, address(this), k, superblockHash[k]));
    }

    /// @notice Finalizes every committed superblock up to k on the verifier's attestation of digest(k).
    function finalize(uint64 k, bytes calldata proof) external {
        if (k <= lastFinalized || k > lastCommitted) revert BadSuperblockNumber();
        if (!verifier.verify(digest(k), proof)) revert NotVerified();
        lastFinalized = k;
        emit SuperblockFinalized(k, superblockHash[k]);
    }

    // ----- deposits -----

    function depositETH(uint64 toShard, address to) external payable returns (bytes32) {
        if (msg.value == 0 || to == address(0)) revert BadDeposit();
        return _deposit(DEPOSIT_ETH, toShard, to, address(0), msg.value, "");
    }

    /// @notice Escrows `amount` of `token` here; the shard mints its canonical token to `to`.
    function depositERC20(uint64 toShard, address token, address to, uint256 amount) external returns (bytes32) {
        if (amount == 0 || to == address(0) || token.code.length == 0) revert BadDeposit();
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        return _deposit(DEPOSIT_ERC20, toShard, to, token, amount, "");
    }

    /// @notice A call of `target` with `data` on a shard, from ShardAlias.aliasOf(Shards.L1, msg.sender).
    function sendMessage(uint64 toShard, address target, bytes calldata data) external returns (bytes32) {
        return _deposit(DEPOSIT_MESSAGE, toShard, target, address(0), 0, data);
    }

    function _deposit(uint8 kind, uint64 toShard, address to, address token, uint256 amount, bytes memory data)
        private
        returns (bytes32 id)
    {
        if (toShard >= shardCount) revert UnknownShard();
        uint256 nonce = depositCount++;
        id = keccak256(abi.encode(kind, nonce, toShard, msg.sender, to, token, amount, data));
        depositIds[nonce] = id;
        emit Deposit(nonce, toShard, kind, id, msg.sender, to, token, amount, data);
    }

    // ----- withdrawals -----

    /// @notice Executes message (fromShard, nonce, sender, target, value, data) sent to the L1, proven to be in
    /// the shard messenger's `sent` mapping under the state root of finalized superblock k. A message from
    /// the token bridge releases escrowed tokens (data = abi.encode(l1Token, amount)); any other calls
    /// `target` with `value` and `data` (xShardSender tells it who sent it). Each message runs once.
    function proveWithdrawal(
        uint64 k,
        uint64 fromShard,
        uint256 nonce,
        address sender,
        address target,
        uint256 value,
        bytes calldata data,
        bytes[] calldata accountProof,
        bytes[] calldata storageProof
    ) external {
        if (fromShard >= shardCount) revert UnknownShard();
        if (k > lastFinalized) revert NotFinal();
        bytes32 id = keccak256(abi.encode(fromShard, nonce, Shards.L1, sender, target, value, data));
        if (withdrawn[id]) revert AlreadyWithdrawn();
        _checkSent(roots[k][fromShard], id, accountProof, storageProof);
        withdrawn[id] = true;
        _execute(fromShard, sender, target, value, data);
        emit WithdrawalProven(id, fromShard, target, value);
    }

    /// Reverts unless the messenger's sent[id] is 1 under `root`.
    function _checkSent(bytes32 root, bytes32 id, bytes[] calldata accountProof, bytes[] calldata storageProof)
        private
        pure
    {
        bytes32 storageRoot_ = MerklePatriciaProof.storageRoot(root, Shards.MESSENGER, accountProof);
        bytes32 slot = keccak256(abi.encode(id, SENT_SLOT));
        if (MerklePatriciaProof.storageValue(storageRoot_, slot, storageProof) != 1) revert MessageNotSent();
    }

    function _execute(uint64 fromShard, address sender, address target, uint256 value, bytes calldata data) private {
        if (sender == Shards.TOKEN_BRIDGE) {
            (address token, uint256 amount) = abi.decode(data, (address, uint256));
            IERC20(token).safeTransfer(target, amount);
            return;
        }
        xShardSenderShard = fromShard;
        xShardSender = sender;
        (bool ok, bytes memory reason) = target.call{value: value}(data);
        xShardSenderShard = 0;
        xShardSender = address(0);
        if (!ok) revert WithdrawalCallFailed(reason);
    }
}
