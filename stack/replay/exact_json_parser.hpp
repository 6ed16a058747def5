#pragma once
// A JSON parser that reads every number exactly. Boost.JSON 1.81's parser
// rounds some decimals to a neighbouring double (about 1 in 10 of random
// floats); recordings print doubles with the fewest digits that read back
// exactly, so reading them back with that parser would drift by a unit in
// the last place on each record/replay round and a replayed embedding would
// differ from the recorded one. Same grammar and result type as
// boost::json::parse; only the conversion of decimals differs.
#include <boost/json/value.hpp>
#include <boost/system/error_code.hpp>

#include <string_view>

namespace llama_stack::replay {

boost::json::value parse_json_exact(std::string_view text, boost::system::error_code& ec);

}  // namespace llama_stack::replay
