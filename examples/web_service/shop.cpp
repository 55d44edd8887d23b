#include "shop.hpp"

#include <rediscache/commands/sorted_sets.hpp>
#include <rediscache/fragment.hpp>
#include <rediscache/http/session_middleware.hpp>
#include <rediscache/memoize.hpp>
#include <rediscache/session/session.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <thread>
#include <vector>

namespace shop {
namespace {

struct product {
  int id;
  std::string name_en;
  std::string name_fr;
  double price;
};

const std::vector<product> catalogue = {
    {1, "Espresso cup", "Tasse à expresso", 6.5},     {2, "Teapot", "Théière", 24.0},
    {3, "Coffee grinder", "Moulin à café", 39.9},     {4, "Milk jug", "Pot à lait", 12.0},
    {5, "Tea strainer", "Passoire à thé", 4.2},       {6, "Cafetière", "Cafetière", 29.0},
};
const std::string board = "shop:leaderboard";

bool french(const request& r) {
  return r.headers.get("Accept-Language").value_or("").rfind("fr", 0) == 0;
}

std::string escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

const product* find_product(int id) {
  for (const auto& p : catalogue) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

response html(int status, const std::string& title, const std::string& body) {
  return response::text(status,
                        "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title +
                            "</title></head><body><nav><a href=\"/\">Catalogue</a> | "
                            "<a href=\"/cart\">Cart</a> | <a href=\"/leaderboard\">Leaderboard</a>"
                            " | <a href=\"/login\">Log in</a></nav><h1 id=\"title\">" +
                            title + "</h1>" + body + "</body></html>",
                        "text/html; charset=utf-8");
}

response redirect(const std::string& to) {
  response r = response::text(303, "");
  r.headers.set("Location", to);
  return r;
}

// A deliberately slow computation, memoized in the cache for a minute.
std::string price_summary(int count) {
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  double total = 0;
  for (const auto& p : catalogue) total += p.price;
  return std::to_string(count) + " products, average " + std::to_string(total / count).substr(0, 5);
}

// The sidebar: a cached fragment per language, inside pages that are cached themselves.
std::string sidebar(services& s, bool fr) {
  return rediscache::cached_fragment(s.store, "sidebar", {fr ? "fr" : "en"}, std::chrono::seconds(60),
                                     [&] {
                                       static const auto summary = rediscache::memoize(
                                           s.store, "price_summary", std::chrono::seconds(60),
                                           price_summary);
                                       return "<aside id=\"sidebar\">" +
                                              std::string(fr ? "Résumé : " : "Summary: ") +
                                              summary(static_cast<int>(catalogue.size())) +
                                              "</aside>";
                                     });
}

std::map<std::string, int> cart_of(request& r) {
  return r.session->get<std::map<std::string, int>>("cart", {});
}

}  // namespace

response product_list(services& s, request& r) {
  bool fr = french(r);
  std::string items = "<ul id=\"products\">";
  for (const auto& p : catalogue) {
    items += "<li><a href=\"/products/" + std::to_string(p.id) + "\">" +
             escape(fr ? p.name_fr : p.name_en) + "</a></li>";
  }
  response page = html(200, fr ? "Catalogue" : "Products", items + "</ul>" + sidebar(s, fr));
  page.headers.set("Vary", "Accept-Language");
  page.headers.set("Content-Language", fr ? "fr" : "en");
  return page;
}

response product_detail(services& s, request& r) {
  bool fr = french(r);
  const product* p = nullptr;
  try {
    p = find_product(std::stoi(r.path.substr(r.path.rfind('/') + 1)));
  } catch (const std::exception&) {
  }
  if (p == nullptr) return html(404, "Not found", "<p>No such product.</p>");
  std::string body = "<p id=\"price\">" + std::to_string(p->price).substr(0, 5) +
                     " EUR</p><form method=\"post\" action=\"/cart/add\">"
                     "<input type=\"hidden\" name=\"id\" value=\"" +
                     std::to_string(p->id) + "\"><button id=\"add\" type=\"submit\">" +
                     (fr ? "Ajouter au panier" : "Add to cart") + "</button></form>" +
                     sidebar(s, fr);
  response page = html(200, escape(fr ? p->name_fr : p->name_en), body);
  page.headers.set("Vary", "Accept-Language");
  return page;
}

response login_form(services&, request& r) {
  std::string who = rediscache::http::logged_in_user(r).value_or("");
  std::string state = who.empty() ? "<p id=\"state\">Not logged in.</p>"
                                  : "<p id=\"state\">Logged in as " + escape(who) + ".</p>";
  response page = html(200, "Log in",
                       state +
                           "<form method=\"post\" action=\"/login\">"
                           "<input id=\"user\" name=\"user\"> <input id=\"password\" "
                           "name=\"password\" type=\"password\"> <button id=\"login\" "
                           "type=\"submit\">Log in</button></form>"
                           "<form method=\"post\" action=\"/logout\"><button id=\"logout\" "
                           "type=\"submit\">Log out</button></form>");
  page.headers.set("Cache-Control", "private");
  return page;
}

response login_submit(services&, request& r) {
  std::string user = r.form_param("user").value_or("");
  // The demo accepts any user name with the password "secret".
  if (user.empty() || r.form_param("password").value_or("") != "secret") {
    return html(401, "Log in", "<p id=\"error\">Wrong user name or password.</p>"
                               "<p><a href=\"/login\">Try again</a></p>");
  }
  rediscache::http::login(r, user);  // a new session key: the old cookie cannot be replayed
  return redirect("/cart");
}

response logout_submit(services&, request& r) {
  rediscache::http::logout(r);
  return redirect("/login");
}

response cart_page(services&, request& r) {
  std::string who = rediscache::http::logged_in_user(r).value_or("guest");
  std::string items = "<ul id=\"cart\">";
  for (const auto& [id, count] : cart_of(r)) {
    const product* p = find_product(std::stoi(id));
    if (p != nullptr) items += "<li>" + escape(p->name_en) + " × " + std::to_string(count) + "</li>";
  }
  response page = html(200, "Cart of " + escape(who), items + "</ul>");
  page.headers.set("Cache-Control", "private");
  return page;
}

response cart_add(services& s, request& r) {
  std::string id = r.form_param("id").value_or("");
  const product* p = nullptr;
  try {
    p = find_product(std::stoi(id));
  } catch (const std::exception&) {
  }
  if (p == nullptr) return html(400, "Bad request", "<p>No such product.</p>");
  auto cart = cart_of(r);
  ++cart[id];
  r.session->set("cart", cart);
  s.redis.run(rediscache::cmd::zincrby(board, 1, p->name_en));
  return redirect("/cart");
}

response cart_api(services&, request& r) {
  nlohmann::json body = {{"user", rediscache::http::logged_in_user(r).value_or("")},
                         {"cart", cart_of(r)}};
  response reply = response::text(200, body.dump(), "application/json");
  reply.headers.set("Cache-Control", "private");
  return reply;
}

response leaderboard(services& s, request&) {
  auto top = s.redis.run(
      rediscache::cmd::zrange_with_scores(board, 0, 9, rediscache::cmd::zrange_order::descending));
  std::string rows = "<ol id=\"leaderboard\">";
  for (const auto& entry : top) {
    rows += "<li>" + escape(entry.member) + ": " + std::to_string(static_cast<long>(entry.score)) +
            "</li>";
  }
  response page = html(200, "Most added to carts", rows + "</ol>");
  page.headers.set("Cache-Control", "max-age=5");  // cached briefly: it changes with every order
  return page;
}

response too_many_logins(const request&, const rediscache::rate_limit_decision& d) {
  return html(429, "Too many login attempts",
              "<p id=\"limited\">Please wait " +
                  std::to_string((d.retry_after.count() + 999) / 1000) +
                  " seconds before trying again.</p>");
}

}  // namespace shop
