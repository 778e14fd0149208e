// Case: timdream/wordcloud2.js, fix commit 8aa76f513fb2ffb3933cc32e59280d8647f33497 ("Fixing memory leak", pull
// request #93). Rewritten in our own code: every render on the same canvas adds click, touchstart and touchend
// listeners; the next render's start event removes the hover and click listeners, but the touch listeners (one of
// them an inline function) are never removed, so each re-render of a long-lived canvas leaves two more behind.

export function renderCloud(targets, options) {
  const elements = Array.isArray(targets) ? targets : [targets];
  const settings = { hover: null, click: null, wait: 0, ...options };
  let hovered;

  const onHover = function onHover(evt) {
    hovered = settings.hover ? settings.hover(evt) : undefined;
  };

  const onPick = function onPick(evt) {
    if (settings.click) {
      settings.click(evt);
      evt.preventDefault();
    }
  };

  const announce = function announce(type, cancelable) {
    const evt = new CustomEvent(type, { cancelable });
    return elements.every((el) => el.dispatchEvent(evt));
  };

  const begin = function begin() {
    const canvas = elements[0];
    if (!announce('cloudstart', true)) {
      return;
    }

    if (settings.hover || settings.click) {
      if (settings.hover) {
        canvas.addEventListener('mousemove', onHover);
      }

      const onTouchEnd = function (e) {
        e.preventDefault();
      };

      if (settings.click) {
        canvas.addEventListener('click', onPick);
        canvas.addEventListener('touchstart', onPick);
        canvas.addEventListener('touchend', onTouchEnd);
        canvas.style.webkitTapHighlightColor = 'rgba(0, 0, 0, 0)';
      }

      canvas.addEventListener('cloudstart', function stopInteraction() {
        canvas.removeEventListener('cloudstart', stopInteraction);

        canvas.removeEventListener('mousemove', onHover);
        canvas.removeEventListener('click', onPick);
        canvas.removeEventListener('touchstart', onPick);
        canvas.removeEventListener('touchend', onTouchEnd);
        hovered = undefined;
      });
    }

    announce('clouddrawn', false);
  };

  begin();
  return () => hovered;
}
