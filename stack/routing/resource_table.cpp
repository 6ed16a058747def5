#include "stack/routing/resource_table.hpp"

#include <llama_stack/errors.hpp>

#include <algorithm>
#include <mutex>

namespace llama_stack {

namespace {

std::string not_found(std::string_view kind, std::string_view identifier,
                      const std::vector<ResourceRecord>& records) {
  std::string known;
  for (const auto& r : records)
    if (r.kind == kind) known += (known.empty() ? "" : ", ") + r.identifier;
  return std::string(kind) + " '" + std::string(identifier) + "' not found (known: " +
         (known.empty() ? std::string("none") : known) + ")";
}

}  // namespace

void ResourceTable::add(ResourceRecord record) {
  if (record.provider_resource_id.empty()) record.provider_resource_id = record.identifier;
  std::unique_lock lock(mutex_);
  auto it = std::find_if(records_.begin(), records_.end(), [&](const ResourceRecord& r) {
    return r.kind == record.kind && r.identifier == record.identifier;
  });
  if (it != records_.end())
    *it = std::move(record);
  else
    records_.push_back(std::move(record));
}

std::optional<ResourceRecord> ResourceTable::find(std::string_view kind,
                                                  std::string_view identifier) const {
  std::shared_lock lock(mutex_);
  for (const auto& r : records_)
    if (r.kind == kind && r.identifier == identifier) return r;
  return std::nullopt;
}

ResourceRecord ResourceTable::get(std::string_view kind, std::string_view identifier) const {
  if (auto found = find(kind, identifier)) return *found;
  std::shared_lock lock(mutex_);
  throw NotFoundError(not_found(kind, identifier, records_));
}

std::vector<ResourceRecord> ResourceTable::list(std::string_view kind) const {
  std::shared_lock lock(mutex_);
  std::vector<ResourceRecord> out;
  for (const auto& r : records_)
    if (r.kind == kind) out.push_back(r);
  return out;
}

void ResourceTable::remove(std::string_view kind, std::string_view identifier) {
  std::unique_lock lock(mutex_);
  auto it = std::find_if(records_.begin(), records_.end(), [&](const ResourceRecord& r) {
    return r.kind == kind && r.identifier == identifier;
  });
  if (it == records_.end()) throw NotFoundError(not_found(kind, identifier, records_));
  records_.erase(it);
}

}  // namespace llama_stack
