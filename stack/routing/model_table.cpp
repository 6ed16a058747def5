#include "stack/routing/model_table.hpp"

#include <llama_stack/errors.hpp>

#include <algorithm>
#include <mutex>

namespace llama_stack {

void ModelTable::register_model(ModelRecord record) {
  std::unique_lock lock(mutex_);
  auto it = std::find_if(models_.begin(), models_.end(),
                         [&](const ModelRecord& m) { return m.identifier == record.identifier; });
  if (it == models_.end()) {
    models_.push_back(std::move(record));
    return;
  }
  if (it->provider_id != record.provider_id && it->registered && record.registered)
    throw InvalidRequestError("model '" + record.identifier + "' is already registered with provider '" +
                              it->provider_id + "'; cannot register it again with provider '" +
                              record.provider_id + "'");
  // An explicit registration wins over discovery of the same identifier.
  if (it->registered && !record.registered) return;
  *it = std::move(record);
}

void ModelTable::unregister_model(std::string_view identifier) {
  std::unique_lock lock(mutex_);
  auto it = std::find_if(models_.begin(), models_.end(),
                         [&](const ModelRecord& m) { return m.identifier == identifier; });
  if (it == models_.end())
    throw NotFoundError("model '" + std::string(identifier) + "' is not registered");
  models_.erase(it);
}

void ModelTable::forget_discovered(std::string_view provider_id) {
  std::unique_lock lock(mutex_);
  std::erase_if(models_, [&](const ModelRecord& m) {
    return !m.registered && m.provider_id == provider_id;
  });
  std::erase_if(listing_failures_, [&](const auto& f) { return f.first == provider_id; });
}

void ModelTable::note_listing_failure(std::string_view provider_id, std::string why) {
  std::unique_lock lock(mutex_);
  std::erase_if(listing_failures_, [&](const auto& f) { return f.first == provider_id; });
  listing_failures_.emplace_back(std::string(provider_id), std::move(why));
}

std::optional<ModelRecord> ModelTable::find(std::string_view identifier) const {
  std::shared_lock lock(mutex_);
  for (const auto& m : models_)
    if (m.identifier == identifier) return m;
  return std::nullopt;
}

ModelRecord ModelTable::resolve(std::string_view model) const {
  std::shared_lock lock(mutex_);
  for (const auto& m : models_)
    if (m.identifier == model) return m;
  // Failing an identifier, a provider model id is accepted when a single
  // provider serves it (aliases of the same model do not make it ambiguous).
  const ModelRecord* match = nullptr;
  bool ambiguous = false;
  for (const auto& m : models_) {
    if (m.provider_model_id != model) continue;
    if (match != nullptr && match->provider_id != m.provider_id) ambiguous = true;
    if (match == nullptr || (match->registered && !m.registered)) match = &m;
  }
  if (ambiguous)
    throw NotFoundError("model '" + std::string(model) +
                        "' is served by several providers; use 'provider_id/model' to choose one");
  if (match != nullptr) return *match;
  const std::string quoted = "model '" + std::string(model) + "' not found";
  // The provider the identifier names could not say what it serves: that is the news.
  for (const auto& [provider_id, why] : listing_failures_)
    if (model.starts_with(provider_id + "/"))
      throw NotFoundError(quoted + ": provider '" + provider_id +
                          "' could not list its models: " + why);
  constexpr std::size_t kShown = 20;
  std::string known;
  for (std::size_t i = 0; i < models_.size() && i < kShown; ++i)
    known += (known.empty() ? "" : ", ") + models_[i].identifier;
  if (models_.size() > kShown) known += ", ... (" + std::to_string(models_.size() - kShown) + " more)";
  std::string message = quoted + "; available models: " + (known.empty() ? "(none)" : known);
  for (const auto& [provider_id, why] : listing_failures_)
    message += "; provider '" + provider_id + "' could not list its models: " + why;
  throw NotFoundError(message);
}

std::vector<ModelRecord> ModelTable::list() const {
  std::shared_lock lock(mutex_);
  return models_;
}

}  // namespace llama_stack
