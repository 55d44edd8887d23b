// Geo, bitmaps and HyperLogLog.
#include "commands/fixture.hpp"

#include <rediscache/commands/bitmaps.hpp>
#include <rediscache/commands/geo.hpp>
#include <rediscache/commands/hyperloglog.hpp>
#include <rediscache/commands/strings.hpp>
#include <rediscache/error.hpp>

#include <cmath>

using namespace rediscache;

namespace {

using names = std::vector<std::string>;

class geo : public test::commands_test {
 protected:
  // Rome, Florence, Milan and Paris; Rome to Florence is about 232 km, to Milan about 477 km.
  void add_cities() {
    run(cmd::geoadd("cities", {{"rome", 12.4964, 41.9028},
                               {"florence", 11.2558, 43.7696},
                               {"milan", 9.19, 45.4642},
                               {"paris", 2.3522, 48.8566}}));
  }
};

TEST_P(geo, GeoaddWithConditionsAndCounts) {
  EXPECT_EQ(run(cmd::geoadd("g", {{"a", 10, 20}, {"b", 11, 21}})), 2);
  EXPECT_EQ(
      run(cmd::geoadd("g", {{"a", 12, 22}, {"c", 13, 23}}, {cmd::geoadd_condition::if_absent})), 1);
  auto a = run(cmd::geopos("g", {"a", "missing"}));
  ASSERT_EQ(a.size(), 2u);
  ASSERT_TRUE(a[0]);
  EXPECT_NEAR(a[0]->longitude, 10, 1e-4);  // NX left a where it was
  EXPECT_NEAR(a[0]->latitude, 20, 1e-4);
  EXPECT_FALSE(a[1]);
  EXPECT_EQ(run(cmd::geoadd("g", {{"a", 14, 24}, {"d", 15, 25}},
                            {cmd::geoadd_condition::if_present, cmd::geoadd_count::changed})),
            1);  // a moved, d not added
  EXPECT_NEAR(run(cmd::geopos("g", {"a"}))[0]->longitude, 14, 1e-4);
  EXPECT_EQ(run(cmd::geopos("g", {"d"}))[0], std::nullopt);
  EXPECT_THROW(run(cmd::geoadd("g", {{"bad", 200, 100}})), reply_error);
  EXPECT_THROW(cmd::geoadd("g", {}), config_error);
}

TEST_P(geo, DistancesInEveryUnit) {
  add_cities();
  const auto km = run(cmd::geodist("cities", "rome", "florence", cmd::geo_unit::kilometers));
  ASSERT_TRUE(km);
  EXPECT_NEAR(*km, 232, 3);
  EXPECT_NEAR(*run(cmd::geodist("cities", "rome", "florence")), *km * 1000, 1);
  EXPECT_NEAR(*run(cmd::geodist("cities", "rome", "florence", cmd::geo_unit::miles)),
              *km / 1.609344, 0.5);
  EXPECT_NEAR(*run(cmd::geodist("cities", "rome", "florence", cmd::geo_unit::feet)), *km * 3280.84,
              5);
  EXPECT_EQ(run(cmd::geodist("cities", "rome", "atlantis")), std::nullopt);
}

TEST_P(geo, SearchesByRadiusAndBox) {
  add_cities();
  cmd::geosearch_options nearest;
  nearest.sort = cmd::geo_sort::nearest_first;
  EXPECT_EQ(run(cmd::geosearch("cities", cmd::geo_origin::member("rome"),
                               cmd::geo_area::radius(500, cmd::geo_unit::kilometers), nearest)),
            (names{"rome", "florence", "milan"}));
  cmd::geosearch_options farthest;
  farthest.sort = cmd::geo_sort::farthest_first;
  farthest.count = 2;
  EXPECT_EQ(run(cmd::geosearch("cities", cmd::geo_origin::position(12.5, 41.9),
                               cmd::geo_area::radius(1500, cmd::geo_unit::kilometers), farthest)),
            (names{"paris", "milan"}));
  // A 700 km wide, 900 km high box around Rome holds Florence and Milan, not Paris.
  const auto boxed =
      run(cmd::geosearch("cities", cmd::geo_origin::member("rome"),
                         cmd::geo_area::box(700, 900, cmd::geo_unit::kilometers), nearest));
  EXPECT_EQ(boxed, (names{"rome", "florence", "milan"}));
  cmd::geosearch_options any;
  any.count = 1;
  any.count_mode = cmd::geo_count_mode::any;
  EXPECT_EQ(run(cmd::geosearch("cities", cmd::geo_origin::member("rome"),
                               cmd::geo_area::radius(2000, cmd::geo_unit::kilometers), any))
                .size(),
            1u);
  EXPECT_TRUE(
      run(cmd::geosearch("cities", cmd::geo_origin::position(0, 0), cmd::geo_area::radius(10)))
          .empty());
  EXPECT_THROW(
      run(cmd::geosearch("cities", cmd::geo_origin::member("atlantis"), cmd::geo_area::radius(10))),
      reply_error);
}

TEST_P(geo, SearchDetails) {
  add_cities();
  cmd::geosearch_options nearest;
  nearest.sort = cmd::geo_sort::nearest_first;
  const auto all = run(cmd::geosearch_with(
      "cities", cmd::geo_origin::member("rome"),
      cmd::geo_area::radius(300, cmd::geo_unit::kilometers),
      cmd::geo_detail::position | cmd::geo_detail::distance | cmd::geo_detail::hash, nearest));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].member, "florence");
  ASSERT_TRUE(all[1].distance && all[1].hash && all[1].position);
  EXPECT_NEAR(*all[1].distance, 232, 3);  // in the area's unit
  EXPECT_NEAR(all[1].position->longitude, 11.2558, 1e-4);
  EXPECT_NEAR(all[1].position->latitude, 43.7696, 1e-4);
  EXPECT_GT(*all[1].hash, 0);
  EXPECT_EQ(all[0].distance, 0.0);

  const auto dist_only = run(cmd::geosearch_with(
      "cities", cmd::geo_origin::member("rome"),
      cmd::geo_area::radius(300, cmd::geo_unit::kilometers), cmd::geo_detail::distance, nearest));
  ASSERT_EQ(dist_only.size(), 2u);
  EXPECT_TRUE(dist_only[1].distance);
  EXPECT_FALSE(dist_only[1].hash);
  EXPECT_FALSE(dist_only[1].position);

  const auto hash_only = run(cmd::geosearch_with(
      "cities", cmd::geo_origin::member("rome"),
      cmd::geo_area::radius(300, cmd::geo_unit::kilometers), cmd::geo_detail::hash, nearest));
  EXPECT_EQ(hash_only.at(1).hash, all[1].hash);
  EXPECT_FALSE(hash_only[1].distance);
}

TEST_P(geo, BadSearchesAreRefusedBeforeSending) {
  cmd::geosearch_options any_without_count;
  any_without_count.count_mode = cmd::geo_count_mode::any;
  EXPECT_THROW(cmd::geosearch("g", cmd::geo_origin::member("a"), cmd::geo_area::radius(1),
                              any_without_count),
               config_error);
  cmd::geosearch_options zero;
  zero.count = 0;
  EXPECT_THROW(cmd::geosearch("g", cmd::geo_origin::member("a"), cmd::geo_area::radius(1), zero),
               config_error);
  EXPECT_THROW(cmd::geo_area::radius(-1), config_error);
  EXPECT_THROW(cmd::geo_area::box(1, std::nan("")), config_error);
  EXPECT_THROW(cmd::geo_area::radius(INFINITY), config_error);
}

TEST_P(geo, WrongTypeIsAReplyError) {
  redis().execute("SET", "text", "x");
  EXPECT_THROW(run(cmd::geoadd("text", {{"a", 1, 1}})), reply_error);
  EXPECT_THROW(run(cmd::geodist("text", "a", "b")), reply_error);
}

REDISCACHE_COMMAND_TESTS(geo);

class bitmaps : public test::commands_test {};

TEST_P(bitmaps, SetGetAndCountBits) {
  EXPECT_FALSE(run(cmd::setbit("b", 7, cmd::bit::one)));  // was 0
  EXPECT_TRUE(run(cmd::setbit("b", 7, cmd::bit::one)));   // was 1
  EXPECT_TRUE(run(cmd::getbit("b", 7)));
  EXPECT_FALSE(run(cmd::getbit("b", 6)));
  EXPECT_FALSE(run(cmd::getbit("b", 1000)));              // past the end
  EXPECT_EQ(run(cmd::get("b")), std::string(1, '\x01'));  // the most significant bit first
  run(cmd::setbit("b", 8, cmd::bit::one));
  run(cmd::setbit("b", 23, cmd::bit::one));
  EXPECT_TRUE(run(cmd::setbit("b", 23, cmd::bit::zero)));
  run(cmd::setbit("b", 22, cmd::bit::one));
  EXPECT_EQ(run(cmd::bitcount("b")), 3);          // bits 7, 8, 22
  EXPECT_EQ(run(cmd::bitcount("b", {1, 2})), 2);  // bytes 1..2
  EXPECT_EQ(run(cmd::bitcount("b", {0, 0})), 1);
  EXPECT_EQ(run(cmd::bitcount("b", {7, 8, cmd::bit_unit::bit})), 2);
  EXPECT_EQ(run(cmd::bitcount("b", {9, -1, cmd::bit_unit::bit})), 1);
  EXPECT_EQ(run(cmd::bitcount("missing")), 0);
  EXPECT_THROW(run(cmd::setbit("b", -1, cmd::bit::one)), reply_error);
  redis().execute("LPUSH", "list", "x");
  EXPECT_THROW(run(cmd::getbit("list", 0)), reply_error);
}

REDISCACHE_COMMAND_TESTS(bitmaps);

class hyperloglog : public test::commands_test {};

TEST_P(hyperloglog, CountsDistinctElements) {
  EXPECT_TRUE(run(cmd::pfadd("visitors:mon", {"ann", "bob", "cid"})));
  EXPECT_FALSE(run(cmd::pfadd("visitors:mon", {"ann", "bob"})));  // nothing new
  EXPECT_TRUE(run(cmd::pfadd("visitors:tue", {"bob", "dee"})));
  EXPECT_TRUE(run(cmd::pfadd("empty", {})));  // creates an empty one
  EXPECT_EQ(run(cmd::pfcount({"visitors:mon"})), 3);
  EXPECT_EQ(run(cmd::pfcount({"visitors:mon", "visitors:tue"})), 4);  // union
  EXPECT_EQ(run(cmd::pfcount({"empty", "missing"})), 0);
  EXPECT_TRUE(run(cmd::pfmerge("visitors:week", {"visitors:mon", "visitors:tue"})));
  EXPECT_EQ(run(cmd::pfcount({"visitors:week"})), 4);

  std::vector<std::string> many;
  for (int i = 0; i < 10000; ++i) many.push_back("user" + std::to_string(i));
  run(cmd::pfadd("big", many));
  EXPECT_NEAR(static_cast<double>(run(cmd::pfcount({"big"}))), 10000, 10000 * 0.03);
  EXPECT_THROW(cmd::pfcount({}), config_error);
  redis().execute("LPUSH", "list", "x");
  EXPECT_THROW(run(cmd::pfadd("list", {"a"})), reply_error);
}

REDISCACHE_COMMAND_TESTS(hyperloglog);

}  // namespace
