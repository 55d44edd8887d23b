// Broadcasts to a Django Channels group from C++: every consumer in the group (Python consumers on
// channels_redis, or C++ ones) receives the message. channels_broadcast [url] [group] [text]
#include <rediscache/channels/channel_layer.hpp>
#include <rediscache/error.hpp>

#include <chrono>
#include <iostream>
#include <string>

using namespace std::chrono_literals;

int main(int argc, char** argv) {
  const char* url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0";
  const std::string group = argc > 2 ? argv[2] : "chat";
  const std::string text = argc > 3 ? argv[3] : "hello from C++";
  try {
    // The same settings as the Python side's CHANNEL_LAYERS (hosts, prefix, capacity, expiry).
    auto layer = rediscache::channels::channel_layer::from_urls({url});

    // A C++ consumer of its own joins the group, as a Channels consumer's connect() would.
    const auto mine = layer.new_channel();
    layer.group_add(group, mine);

    // The handler a Python consumer runs is named by "type" ("chat.message" -> chat_message).
    const nlohmann::json message = {{"type", "chat.message"}, {"text", text}};
    const auto skipped = layer.group_send(group, message);
    std::cout << "sent to group " << group << " (" << skipped << " full channel(s) skipped)\n";

    if (auto got = layer.receive(mine, 5s)) {
      std::cout << "our own member received: " << (*got)["text"].get<std::string>() << "\n";
    }
    layer.group_discard(group, mine);
    return 0;
  } catch (const rediscache::error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
}
