// Case: vote4hk/warsinhk, fix commit 9128805b1a7ee82747708b69eefd3d778495a090 ("refactor: use parallel fetching to
// improve fetch performance"; https://github.com/vote4hk/warsinhk/pull/77).
// The code just before the fix, rewritten in our own code: the Chinese and the English feed of the same news site
// are read one after the other, though neither needs the other, and their items are only joined afterwards.
const FeedReader = require("rss-parser")

const feedUrl = (language) => `https://news.example.hk/${language}/top-stories.xml`

exports.loadHeadlines = async () => {
  const reader = new FeedReader()
  const chineseFeed = await reader.parseURL(feedUrl("tc"))
  const englishFeed = await reader.parseURL(feedUrl("en"))

  const chineseItems = chineseFeed.items
  const englishItems = englishFeed.items
  const headlines = chineseItems.map((item, index) => ({
    title_zh: item.title,
    title_en: englishItems[index] ? englishItems[index].title : "",
    link: item.link,
  }))
  return { headlines }
}
