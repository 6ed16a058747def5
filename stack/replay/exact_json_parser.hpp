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

#include <cstddef>
#include <string>
#include <string_view>

namespace llama_stack::replay {

// On failure sets `ec` and, when given, `error_offset` to where in `text`
// parsing stopped.
boost::json::value parse_json_exact(std::string_view text, boost::system::error_code& ec,
                                    std::size_t* error_offset = nullptr);

// "not valid JSON at line L, column C: <what>", for a failed parse: a
// multi-megabyte recording is not searched by hand.
std::string json_error_message(std::string_view text, const boost::system::error_code& ec,
                               std::size_t error_offset);

}  // namespace llama_stack::replay
