// Case: g-delmo/currently-playing, fix commits 07dfc23a485750afe670efed8f822f7638ef6aae and
// 52809b11907b62dae5f6fd734b2876fabbb6e3d7 ("setInterval keeps adding more intervals", PRs
// https://github.com/g-delmo/currently-playing/pull/6 and #7). Fixed: the interval lives in an effect that clears it.
import { useEffect, useState } from 'react';

export interface NowPlayingProps {
  readonly track: string;
  readonly hideClock: boolean;
}

function clockText(): string {
  return new Date().toLocaleTimeString('en-GB');
}

export function NowPlaying({ track, hideClock }: NowPlayingProps) {
  const [time, setTime] = useState(clockText());

  useEffect(() => {
    let interval: ReturnType<typeof setInterval> | undefined;
    if (!hideClock) {
      interval = setInterval(() => {
        setTime(clockText());
      }, 1000);
    }
    return () => {
      clearInterval(interval);
    };
  }, [hideClock]);

  return (
    <div className="now-playing">
      <span>{track}</span>
      {hideClock ? null : <time>{time}</time>}
    </div>
  );
}
