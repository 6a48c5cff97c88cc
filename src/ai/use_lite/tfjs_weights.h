// TfjsWeights: the constant tensors of a TF.js graph model (model.json + its binary shards).
//
// model.json's "weightsManifest" lists every weight in the order its bytes follow one another
// across the shard files (group1-shard1ofN ...), so the shards are read back to back into one
// buffer and each tensor is a view into it. Only unquantised float32 and int32 weights are
// supported (what the Universal Sentence Encoder Lite export uses); anything else is refused
// rather than misread.
//
// Errors: Load throws std::runtime_error naming the file (missing, unreadable, wrong size) or
// the tensor (unknown dtype, quantised) that is at fault; Floats/Ints throw naming a missing
// tensor or one whose shape is not the expected one.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace chronotrail::ai::use_lite {

class TfjsWeights {
 public:
  // Reads `dir`/model.json and the shard files it names.
  static TfjsWeights Load(const std::string& dir);

  // The data of the float32 tensor `name`, which must have exactly `shape`.
  const float* Floats(std::string_view name, const std::vector<std::int64_t>& shape) const;
  // A copy of the int32 tensor `name`, which must have exactly `shape`.
  std::vector<std::int32_t> Ints(std::string_view name,
                                 const std::vector<std::int64_t>& shape) const;

  bool Contains(std::string_view name) const;
  size_t TensorCount() const { return tensors_.size(); }

 private:
  enum class DType { kFloat32, kInt32 };
  struct Tensor {
    DType dtype;
    std::vector<std::int64_t> shape;
    size_t offset;  // in 4-byte words from the start of buffer_
  };
  const Tensor& Find(std::string_view name, DType dtype,
                     const std::vector<std::int64_t>& shape) const;

  std::string source_;  // model.json's path, for error messages
  // All shards back to back. Every dtype is 4 bytes wide, so each tensor starts on a float.
  std::vector<float> buffer_;
  std::map<std::string, Tensor, std::less<>> tensors_;
};

}  // namespace chronotrail::ai::use_lite
