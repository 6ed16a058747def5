#pragma once
// Python's repr() of a JSON value, as the Python RAG tool's chunk template
// prints a chunk's metadata dict into the model's context ("{metadata}" is
// str() of a dict: {'document_id': 'doc1', 'author': None}). The text a model
// sees must be the one the Python stack shows it, or recorded exchanges of
// agents built on knowledge_search would not match.
#include <boost/json/value.hpp>

#include <string>

namespace llama_stack::rag {

// None / True / False; ints as digits; floats as Python's shortest repr
// (1.0, 0.25, 1e-05, 1.5e+16); strings quoted and escaped as Python does
// (single quotes unless the text has one and no double quote); lists and
// dicts with ", " and ": ".
std::string python_repr(const boost::json::value& value);

// A float as Python's repr(float).
std::string python_float_repr(double value);

}  // namespace llama_stack::rag
