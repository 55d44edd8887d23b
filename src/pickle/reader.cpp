#include "pickle/reader.hpp"

#include <cstring>

namespace rediscache::pickle::detail {

value reader::run() {
  for (;;) {
    const auto op = static_cast<std::uint8_t>(byte());
    if (op == '.') break;
    step(op);
  }
  if (stack_.size() != 1 || !marks_.empty()) fail("the pickle does not end with one value");
  if (pos_ != in_.size()) fail("bytes follow the pickle's STOP opcode");
  const std::size_t root = stack_.back();
  in_progress_.assign(nodes_.size(), false);
  done_.assign(nodes_.size(), false);
  costs_.assign(nodes_.size(), cost{});
  measure(root, 0);
  return build(root);
}

void reader::step(std::uint8_t op) {
  switch (op) {
    case 0x80: {  // PROTO
      const auto version = static_cast<std::uint8_t>(byte());
      if (version < 2 || version > 5)
        fail("protocol " + std::to_string(version) + " (2 to 5 are read)");
      return;
    }
    case 0x95:  // FRAME: only a hint for buffered readers
      le(8);
      return;
    case 'N':
      push_value(scalar(kind::none));
      return;
    case 0x88:
    case 0x89: {
      node n = scalar(kind::boolean);
      n.i = op == 0x88 ? 1 : 0;
      push_value(std::move(n));
      return;
    }
    case 'K':
      push_value(integer(static_cast<std::int64_t>(le(1))));
      return;
    case 'M':
      push_value(integer(static_cast<std::int64_t>(le(2))));
      return;
    case 'J':
      push_value(integer(static_cast<std::int32_t>(static_cast<std::uint32_t>(le(4)))));
      return;
    case 0x8a:
      push_value(big(take(le(1))));
      return;
    case 0x8b: {
      const auto n = static_cast<std::int32_t>(static_cast<std::uint32_t>(le(4)));
      if (n < 0) fail("LONG4 with a negative length");
      push_value(big(take(static_cast<std::uint64_t>(n))));
      return;
    }
    case 'G': {
      const auto b = take(8);
      std::uint64_t bits = 0;
      for (const char c : b) bits = (bits << 8) | static_cast<std::uint8_t>(c);
      node n = scalar(kind::floating);
      std::memcpy(&n.f, &bits, sizeof bits);
      push_value(std::move(n));
      return;
    }
    case 0x8c:
      push_value(str(take(le(1))));
      return;
    case 'X':
      push_value(str(take(le(4))));
      return;
    case 0x8d:
      push_value(str(take(le(8))));
      return;
    case 'C':
      push_value(text(kind::bytes, take(le(1))));
      return;
    case 'B':
      push_value(text(kind::bytes, take(le(4))));
      return;
    case 0x8e:
      push_value(text(kind::bytes, take(le(8))));
      return;
    case 0x96:
      push_value(text(kind::bytearray, take(le(8))));
      return;
    case '(':
      marks_.push_back(stack_.size());
      return;
    case '0':
      pop();
      return;
    case '1':
      pop_mark();
      return;
    case '2':
      stack_.push_back(top());
      return;
    case 0x94:
      memo_put(memo_.size());
      return;
    case 'q':
      memo_put(le(1));
      return;
    case 'r':
      memo_put(le(4));
      return;
    case 'h':
      memo_get(le(1));
      return;
    case 'j':
      memo_get(le(4));
      return;
    case 'c': {  // GLOBAL "module\nname\n", protocols 0 to 3
      const auto module = line();
      const auto name = line();
      node n;
      n.t = tag::klass;
      n.cls = resolve_global(module, name);
      push_value(std::move(n));
      return;
    }
    case 0x93: {  // STACK_GLOBAL
      const auto name_idx = pop();
      const auto module_idx = pop();
      const node& name = value_node(name_idx, kind::str, "STACK_GLOBAL");
      const node& module = value_node(module_idx, kind::str, "STACK_GLOBAL");
      node n;
      n.t = tag::klass;
      n.cls = resolve_global(module.text, name.text);
      push_value(std::move(n));
      return;
    }
    case 'R':
      reduce();
      return;
    case 0x81:
      newobj();
      return;
    case 'b':
      build_state();
      return;
    case 'i': {  // INST names its class inline; OBJ takes it from the stack
      const auto module = line();
      const auto name = line();
      resolve_global(module, name);
      fail("INST of " + std::string(module) + "." + std::string(name) + " is not read");
    }
    case 'o': {
      const auto items = pop_mark();
      if (!items.empty() && nodes_[items.front()].t == tag::klass) {
        fail("OBJ of the class " + std::string(name_of(nodes_[items.front()].cls)) +
             " is not read");
      }
      fail("OBJ is not read");
    }
    case 0x92:
      fail("NEWOBJ_EX is not read");
    default:
      container_op(op);
  }
}

void reader::container_op(std::uint8_t op) {
  switch (op) {
    case ']':
      push_value(scalar(kind::list));
      return;
    case ')':
      push_value(scalar(kind::tuple));
      return;
    case '}':
      push_value(scalar(kind::dict));
      return;
    case 0x8f:
      push_value(scalar(kind::set));
      return;
    case 'l':
    case 't':
    case 0x91: {
      node n = scalar(op == 'l' ? kind::list : op == 't' ? kind::tuple : kind::frozenset);
      n.children = pop_mark();
      push_value(std::move(n));
      return;
    }
    case 0x85:
    case 0x86:
    case 0x87: {
      const std::size_t count = op - 0x84u;
      if (stack_.size() < floor() + count) fail("stack underflow");
      node n = scalar(kind::tuple);
      n.children.assign(stack_.end() - static_cast<std::ptrdiff_t>(count), stack_.end());
      stack_.resize(stack_.size() - count);
      push_value(std::move(n));
      return;
    }
    case 'a': {
      const auto item = pop();
      value_node(top(), kind::list, "APPEND").children.push_back(item);
      return;
    }
    case 'e': {
      const auto items = pop_mark();
      auto& list = value_node(top(), kind::list, "APPENDS").children;
      list.insert(list.end(), items.begin(), items.end());
      return;
    }
    case 0x90: {
      const auto items = pop_mark();
      auto& set = value_node(top(), kind::set, "ADDITEMS").children;
      set.insert(set.end(), items.begin(), items.end());
      return;
    }
    case 's': {
      const auto val = pop();
      const auto key = pop();
      auto& dict = value_node(top(), kind::dict, "SETITEM").children;
      dict.push_back(key);
      dict.push_back(val);
      return;
    }
    case 'u':
    case 'd': {
      const auto items = pop_mark();
      if (items.size() % 2 != 0) fail("a dict with an odd number of keys and values");
      if (op == 'd') {
        node n = scalar(kind::dict);
        n.children = items;
        push_value(std::move(n));
        return;
      }
      auto& dict = value_node(top(), kind::dict, "SETITEMS").children;
      dict.insert(dict.end(), items.begin(), items.end());
      return;
    }
    default: {
      static constexpr char hex[] = "0123456789abcdef";
      std::string name = "opcode 0x";
      name += hex[op >> 4];
      name += hex[op & 15];
      if (op >= 0x20 && op < 0x7f) name += std::string(" '") + static_cast<char>(op) + "'";
      fail(name + " is not one this reader supports");
    }
  }
}

}  // namespace rediscache::pickle::detail
