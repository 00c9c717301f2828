// Parse a feed with podcast-partytime (the Podcast Index's parser) and print what it read as JSON.
// usage: node parse-feed.js FEED.xml
const fs = require("fs");
const { parseFeed } = require("podcast-partytime");

const feed = parseFeed(fs.readFileSync(process.argv[2], "utf8"));
if (!feed) {
  console.error("podcast-partytime could not parse the feed");
  process.exit(1);
}
console.log(JSON.stringify(feed));
