// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Blobs, LanesCoprocessors} from "./LanesCoprocessors.sol";

/// @title On-chain int8 MLP inference through the Lanes SIMD co-processor
/// @notice A model is a stack of dense layers with int8 weights (SSTORE2 blobs, row-major, rows x cols) and
/// int32 biases. Every layer but the last is y = requantize(relu(W x + b), scale, shift) -> int8; the last
/// gives int32 scores, and the class is their argmax. `infer` runs the arithmetic on the co-processor;
/// `inferSolidity` computes the same integers in plain Solidity, for comparison.
contract ModelRegistry {
    struct Layer {
        uint32 rows;
        uint32 cols;
        int32 scale;
        uint8 shift;
        address bias;
        address[] weights;
        uint256 weightBytes;
    }

    struct Model {
        address owner;
        bool sealed_;
        uint32 inputs;
        Layer[] layers;
    }

    Model[] private models;

    event ModelCreated(uint256 indexed modelId, address indexed owner, uint32 inputs);
    event ModelSealed(uint256 indexed modelId);
    event Inferred(uint256 indexed modelId, address indexed caller, uint256 class, int32[] scores);

    function createModel(uint32 inputs) external returns (uint256 modelId) {
        modelId = models.length;
        Model storage m = models.push();
        m.owner = msg.sender;
        m.inputs = inputs;
        emit ModelCreated(modelId, msg.sender, inputs);
    }

    /// Adds a layer with its bias (int32 big-endian, rows x 4 bytes); weights follow with appendWeights.
    function addLayer(uint256 modelId, uint32 rows, uint32 cols, int32 scale, uint8 shift, bytes calldata bias)
        external
    {
        Model storage m = _owned(modelId);
        uint256 n = m.layers.length;
        uint32 expectedCols = n == 0 ? m.inputs : m.layers[n - 1].rows;
        require(cols == expectedCols, "ModelRegistry: cols do not match the previous layer");
        require(rows > 0 && bias.length == uint256(rows) * 4, "ModelRegistry: bias is not rows int32s");
        require(shift <= 62, "ModelRegistry: shift above 62");
        if (n > 0) {
            Layer storage prev = m.layers[n - 1];
            require(prev.weightBytes == uint256(prev.rows) * prev.cols, "ModelRegistry: previous layer incomplete");
        }
        Layer storage l = m.layers.push();
        l.rows = rows;
        l.cols = cols;
        l.scale = scale;
        l.shift = shift;
        l.bias = Blobs.write(bias);
    }

    /// Appends a chunk of the last layer's weights (row-major int8); at most Blobs.MAX_BYTES per chunk.
    function appendWeights(uint256 modelId, bytes calldata chunk) external {
        Model storage m = _owned(modelId);
        require(m.layers.length > 0, "ModelRegistry: no layer");
        Layer storage l = m.layers[m.layers.length - 1];
        require(l.weightBytes + chunk.length <= uint256(l.rows) * l.cols, "ModelRegistry: too many weights");
        l.weights.push(Blobs.write(chunk));
        l.weightBytes += chunk.length;
    }

    /// Freezes the model; inference needs a sealed model.
    function seal(uint256 modelId) external {
        Model storage m = _owned(modelId);
        require(m.layers.length > 0, "ModelRegistry: no layer");
        Layer storage l = m.layers[m.layers.length - 1];
        require(l.weightBytes == uint256(l.rows) * l.cols, "ModelRegistry: last layer incomplete");
        m.sealed_ = true;
        emit ModelSealed(modelId);
    }

    function modelCount() external view returns (uint256) {
        return models.length;
    }

    /// Shape of a model: input size, then per layer (rows, cols, scale, shift) and its blobs.
    function layerInfo(uint256 modelId, uint256 layer)
        external
        view
        returns (uint32 rows, uint32 cols, int32 scale, uint8 shift, address bias, address[] memory weights)
    {
        Layer storage l = models[modelId].layers[layer];
        return (l.rows, l.cols, l.scale, l.shift, l.bias, l.weights);
    }

    function modelInfo(uint256 modelId) external view returns (uint32 inputs, uint256 layers, bool sealed_) {
        Model storage m = models[modelId];
        return (m.inputs, m.layers.length, m.sealed_);
    }

    /// `infer` in a transaction, with the result in an Inferred log.
    function inferAndLog(uint256 modelId, bytes calldata input) external returns (uint256 class, int32[] memory scores) {
        (class, scores) = this.infer(modelId, input);
        emit Inferred(modelId, msg.sender, class, scores);
    }

    /// The class (argmax) and int32 scores of `input` (int8, one byte per feature), on the co-processor.
    function infer(uint256 modelId, bytes calldata input) public view returns (uint256 class, int32[] memory scores) {
        Model storage m = _sealed(modelId, input.length);
        bytes memory x = input;
        uint256 last = m.layers.length - 1;
        for (uint256 i = 0; i <= last; ++i) {
            Layer storage l = m.layers[i];
            bytes memory y = LanesCoprocessors.SIMD.dense(
                Blobs.readAll(l.weights), l.rows, l.cols, x, Blobs.read(l.bias), i < last
            );
            if (i < last) {
                x = LanesCoprocessors.SIMD.requantize(y, l.scale, l.shift);
            } else {
                (class,) = LanesCoprocessors.SIMD.argmax(y);
                scores = LanesCoprocessors.toInt32Array(y);
            }
        }
    }

    /// The same inference computed in plain Solidity (same blobs, same integers).
    function inferSolidity(uint256 modelId, bytes calldata input)
        external
        view
        returns (uint256 class, int32[] memory scores)
    {
        Model storage m = _sealed(modelId, input.length);
        bytes memory x = input;
        uint256 last = m.layers.length - 1;
        for (uint256 i = 0; i <= last; ++i) {
            Layer storage l = m.layers[i];
            bytes memory w = Blobs.readAll(l.weights);
            bytes memory b = Blobs.read(l.bias);
            uint256 rows = l.rows;
            uint256 cols = l.cols;
            int256[] memory acc = new int256[](rows);
            unchecked {
                for (uint256 r = 0; r < rows; ++r) {
                    int256 s = LanesCoprocessors.int32At(b, r);
                    uint256 base = r * cols;
                    for (uint256 c = 0; c < cols; ++c) {
                        s += int256(int8(uint8(w[base + c]))) * int256(int8(uint8(x[c])));
                    }
                    acc[r] = int256(int32(s)); // wrap as the co-processor does
                }
            }
            if (i < last) {
                x = _requantizeRelu(acc, l.scale, l.shift);
            } else {
                scores = new int32[](rows);
                for (uint256 r = 0; r < rows; ++r) {
                    scores[r] = int32(acc[r]);
                    if (acc[r] > acc[class]) class = r;
                }
            }
        }
    }

    function _requantizeRelu(int256[] memory acc, int32 scale, uint8 shift) private pure returns (bytes memory out) {
        out = new bytes(acc.length);
        int256 round = shift == 0 ? int256(0) : int256(1) << (shift - 1);
        for (uint256 r = 0; r < acc.length; ++r) {
            int256 v = acc[r] > 0 ? acc[r] : int256(0);
            v = (v * scale + round) >> shift;
            if (v > 127) v = 127;
            if (v < -128) v = -128;
            out[r] = bytes1(uint8(int8(v)));
        }
    }

    function _owned(uint256 modelId) private view returns (Model storage m) {
        m = models[modelId];
        require(m.owner == msg.sender, "ModelRegistry: not the owner");
        require(!m.sealed_, "ModelRegistry: sealed");
    }

    function _sealed(uint256 modelId, uint256 inputLength) private view returns (Model storage m) {
        require(modelId < models.length, "ModelRegistry: no such model");
        m = models[modelId];
        require(m.sealed_, "ModelRegistry: not sealed");
        require(inputLength == m.inputs, "ModelRegistry: input length");
    }
}
