// Case: livechat/design-system, fix commit b509bfd9014bbf1fc61d5841704eec35f3e936c9 ("fix(PromoBanner): Fix memory
// leak", pull request #1004). Rewritten in our own code: a banner component listens to window resizes through a
// debounced wrapper, but its effect cleanup removes the undebounced function, which was never registered; every
// banner that mounts and unmounts leaves its debounced listener (and the component's closure) on the window.
import * as React from 'react';
import debounce from 'lodash.debounce';

const NARROW_MAX_PX = 420;
const WIDE_MIN_PX = 780;
const RESIZE_WAIT_MS = 400;

export interface NoticeBannerProps {
  title: string;
  onDismiss?: () => void;
  children?: React.ReactNode;
}

export function NoticeBanner({ title, onDismiss, children }: NoticeBannerProps): React.JSX.Element {
  const boxRef = React.useRef<HTMLDivElement>(null);
  const [width, setWidth] = React.useState<'narrow' | 'regular' | 'wide'>('regular');

  React.useEffect(() => {
    const handleResize = () => {
      const box = boxRef.current;
      if (box && box.offsetWidth <= NARROW_MAX_PX) {
        return setWidth('narrow');
      }
      if (box && box.offsetWidth >= WIDE_MIN_PX) {
        return setWidth('wide');
      }
      return setWidth('regular');
    };

    const debouncedResize = debounce(handleResize, RESIZE_WAIT_MS);
    window.addEventListener('resize', debouncedResize);
    handleResize();

    return () => {
      debouncedResize.cancel();
      window.removeEventListener('resize', handleResize);
    };
  }, []);

  return (
    <div ref={boxRef} className={`notice-banner notice-banner--${width}`}>
      <strong>{title}</strong>
      <div>{children}</div>
      {onDismiss && (
        <button type="button" onClick={onDismiss}>
          Close
        </button>
      )}
    </div>
  );
}
