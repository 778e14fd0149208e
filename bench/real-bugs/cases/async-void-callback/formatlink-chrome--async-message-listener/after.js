// Case: hnakamur/FormatLink-Chrome, fix commit a324cc0db059db95814489bd67d683e9effb3340 ("Fix an issue that a
// formatted link is not copied"; also proposed in PR https://github.com/hnakamur/FormatLink-Chrome/pull/25). Fixed:
// the listener is synchronous, answers once the copy is done, and returns true to keep the reply channel open.

/**
 * @param {string} format
 * @param {string} url
 */
function renderLink(format, url) {
  return format.replace('{{url}}', url);
}

/**
 * @param {string} text
 * @param {boolean} asHtml
 */
async function writeClipboard(text, asHtml) {
  const type = asHtml ? 'text/html' : 'text/plain';
  await navigator.clipboard.write([new ClipboardItem({ [type]: new Blob([text], { type }) })]);
}

chrome.runtime.onMessage.addListener((request, sender, sendResponse) => {
  if (request.kind === 'copy-link') {
    const text = renderLink(request.format, request.url);
    writeClipboard(text, request.asHtml).then(() => {
      sendResponse({ copied: text });
    });
    return true;
  }
});
