#include "ai/use_lite/tfjs_weights.h"

#include <boost/json.hpp>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace chronotrail::ai::use_lite {
namespace {

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read " + path);
  return std::move(text).str();
}

// Appends the file at `path` to `buffer` and returns its size in bytes.
size_t AppendShard(const std::string& path, std::vector<float>& buffer) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw std::runtime_error("cannot open " + path);
  const std::streamoff size = in.tellg();
  if (size < 0 || size % 4 != 0) {
    throw std::runtime_error(path + ": size " + std::to_string(size) +
                             " is not a multiple of 4 bytes");
  }
  const size_t start = buffer.size();
  buffer.resize(start + size_t(size) / 4);
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(buffer.data() + start), size)) {
    throw std::runtime_error("cannot read " + path);
  }
  return size_t(size);
}

std::string ShapeText(const std::vector<std::int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) s += ',';
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

const boost::json::value& Field(const boost::json::object& o, std::string_view name,
                                const std::string& where) {
  const boost::json::value* v = o.if_contains(name);
  if (!v) throw std::runtime_error(where + ": no \"" + std::string(name) + "\"");
  return *v;
}

}  // namespace

TfjsWeights TfjsWeights::Load(const std::string& dir) {
  TfjsWeights w;
  w.source_ = dir + "/model.json";
  boost::system::error_code ec;
  boost::json::value model = boost::json::parse(ReadWholeFile(w.source_), ec);
  if (ec || !model.is_object()) throw std::runtime_error(w.source_ + " is not a JSON object");
  const boost::json::value& manifest = Field(model.as_object(), "weightsManifest", w.source_);
  if (!manifest.is_array()) throw std::runtime_error(w.source_ + ": weightsManifest is no array");

  // Each manifest group: its shard paths, then its weights stored back to back in them.
  for (const boost::json::value& group_value : manifest.as_array()) {
    if (!group_value.is_object()) throw std::runtime_error(w.source_ + ": bad weightsManifest");
    const boost::json::object& group = group_value.as_object();
    const boost::json::value& paths = Field(group, "paths", w.source_);
    const boost::json::value& weights = Field(group, "weights", w.source_);
    if (!paths.is_array() || !weights.is_array()) {
      throw std::runtime_error(w.source_ + ": weightsManifest paths/weights are not arrays");
    }
    const size_t group_start = w.buffer_.size();
    size_t group_bytes = 0;
    std::string shard_names;  // for messages
    for (const boost::json::value& p : paths.as_array()) {
      if (!p.is_string()) throw std::runtime_error(w.source_ + ": a shard path is not a string");
      const std::string path = dir + "/" + std::string(p.as_string());
      if (!shard_names.empty()) shard_names += ", ";
      shard_names += p.as_string();
      group_bytes += AppendShard(path, w.buffer_);
    }

    size_t offset_words = group_start;
    for (const boost::json::value& entry_value : weights.as_array()) {
      if (!entry_value.is_object()) throw std::runtime_error(w.source_ + ": bad weight entry");
      const boost::json::object& entry = entry_value.as_object();
      const boost::json::value& name = Field(entry, "name", w.source_);
      if (!name.is_string()) throw std::runtime_error(w.source_ + ": a weight name is no string");
      const std::string where = w.source_ + ": weight " + std::string(name.as_string());
      if (entry.contains("quantization")) {
        throw std::runtime_error(where + " is quantised, which is not supported");
      }
      const boost::json::value& dtype = Field(entry, "dtype", where);
      Tensor t;
      if (dtype == "float32") {
        t.dtype = DType::kFloat32;
      } else if (dtype == "int32") {
        t.dtype = DType::kInt32;
      } else {
        throw std::runtime_error(where + " has unsupported dtype " + boost::json::serialize(dtype));
      }
      const boost::json::value& shape = Field(entry, "shape", where);
      if (!shape.is_array()) throw std::runtime_error(where + ": shape is not an array");
      size_t count = 1;
      for (const boost::json::value& d : shape.as_array()) {
        if (!d.is_int64() || d.as_int64() < 0) throw std::runtime_error(where + ": bad shape");
        t.shape.push_back(d.as_int64());
        count *= size_t(d.as_int64());
      }
      t.offset = offset_words;
      offset_words += count;
      w.tensors_[std::string(name.as_string())] = std::move(t);
    }
    if (offset_words != group_start + group_bytes / 4) {
      throw std::runtime_error(dir + ": the shards " + shard_names + " hold " +
                               std::to_string(group_bytes) + " bytes but " + w.source_ +
                               " describes " + std::to_string((offset_words - group_start) * 4) +
                               ": a shard is truncated or from another model");
    }
  }
  return w;
}

bool TfjsWeights::Contains(std::string_view name) const {
  return tensors_.find(name) != tensors_.end();
}

const TfjsWeights::Tensor& TfjsWeights::Find(std::string_view name, DType dtype,
                                             const std::vector<std::int64_t>& shape) const {
  auto it = tensors_.find(name);
  if (it == tensors_.end()) {
    throw std::runtime_error(source_ + " has no weight " + std::string(name));
  }
  const Tensor& t = it->second;
  if (t.dtype != dtype) {
    throw std::runtime_error(source_ + ": weight " + std::string(name) + " has the wrong dtype");
  }
  if (t.shape != shape) {
    throw std::runtime_error(source_ + ": weight " + std::string(name) + " has shape " +
                             ShapeText(t.shape) + ", expected " + ShapeText(shape));
  }
  return t;
}

const float* TfjsWeights::Floats(std::string_view name,
                                 const std::vector<std::int64_t>& shape) const {
  const Tensor& t = Find(name, DType::kFloat32, shape);
  return buffer_.data() + t.offset;
}

std::vector<std::int32_t> TfjsWeights::Ints(std::string_view name,
                                            const std::vector<std::int64_t>& shape) const {
  const Tensor& t = Find(name, DType::kInt32, shape);
  size_t count = 1;
  for (std::int64_t d : shape) count *= size_t(d);
  std::vector<std::int32_t> values(count);
  std::memcpy(values.data(), buffer_.data() + t.offset, count * 4);
  return values;
}

}  // namespace chronotrail::ai::use_lite
