// Case: vote4hk/warsinhk, fix commit 9128805b1a7ee82747708b69eefd3d778495a090 ("refactor: use parallel fetching to
// improve fetch performance"; https://github.com/vote4hk/warsinhk/pull/77).
// The fixed code, rewritten in our own code: both feeds are requested together.
const FeedReader = require("rss-parser")

const feedUrl = (language) => `https://news.example.hk/${language}/top-stories.xml`

exports.loadHeadlines = async () => {
  const reader = new FeedReader()
  const [{ items: chineseItems }, { items: englishItems }] = await Promise.all([
    reader.parseURL(feedUrl("tc")),
    reader.parseURL(feedUrl("en")),
  ])

  const headlines = chineseItems.map((item, index) => ({
    title_zh: item.title,
    title_en: englishItems[index] ? englishItems[index].title : "",
    link: item.link,
  }))
  return { headlines }
}
