// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CoprocessorJobs, IJobCallback} from "./CoprocessorJobs.sol";
import {LanesCoprocessors} from "./LanesCoprocessors.sol";
import {ModelRegistry} from "./ModelRegistry.sol";

/// @title Example async job poster: inference over a (larger) ModelRegistry model as an async job
/// @notice The job input names the model's blobs (immutable code), so the node and any verifier read the
/// same weights: abi.encode(uint32 inputs, Layer[] layers, bytes x) with Layer = (rows, cols, scale, shift,
/// bias blob, weight blobs). The output is abi.encode(uint256 class, bytes scores) (int32 big-endian).
contract InferenceJobClient is IJobCallback {
    struct LayerRef {
        uint32 rows;
        uint32 cols;
        int32 scale;
        uint8 shift;
        address bias;
        address[] weights;
    }

    /// The async co-processor id of int8 MLP inference.
    uint64 public constant MLP_INFERENCE = 1;

    CoprocessorJobs public immutable queue;
    ModelRegistry public immutable registry;

    mapping(uint256 => uint256) public classOf;
    mapping(uint256 => bytes) public scoresOf;
    mapping(uint256 => bool) public answered;

    event Answer(uint256 indexed jobId, uint256 class);

    constructor(CoprocessorJobs queue_, ModelRegistry registry_) {
        queue = queue_;
        registry = registry_;
    }

    function request(uint256 modelId, bytes calldata x, uint64 deadline) external payable returns (uint256 jobId) {
        (uint32 inputs, uint256 count, bool sealed_) = registry.modelInfo(modelId);
        require(sealed_, "InferenceJobClient: model not sealed");
        LayerRef[] memory layers = new LayerRef[](count);
        for (uint256 i = 0; i < count; ++i) {
            LayerRef memory l = layers[i];
            (l.rows, l.cols, l.scale, l.shift, l.bias, l.weights) = registry.layerInfo(modelId, i);
        }
        bytes memory input = abi.encode(inputs, layers, x);
        jobId = queue.post{value: msg.value}(MLP_INFERENCE, input, address(this), 200_000, deadline);
    }

    function onJobResult(uint256 jobId, bytes calldata output) external {
        require(msg.sender == address(queue), "InferenceJobClient: not the queue");
        (uint256 class, bytes memory scores) = abi.decode(output, (uint256, bytes));
        classOf[jobId] = class;
        scoresOf[jobId] = scores;
        answered[jobId] = true;
        emit Answer(jobId, class);
    }

    receive() external payable {}

    /// The i-th int32 score of an answer.
    function score(uint256 jobId, uint256 i) external view returns (int32) {
        return LanesCoprocessors.int32At(scoresOf[jobId], i);
    }
}
