// Case: g-delmo/currently-playing, fix commits 07dfc23a485750afe670efed8f822f7638ef6aae and
// 52809b11907b62dae5f6fd734b2876fabbb6e3d7 ("setInterval keeps adding more intervals", PRs
// https://github.com/g-delmo/currently-playing/pull/6 and #7). Rewritten in our own code: a widget starts a
// one-second clock interval in its render body; every tick re-renders the widget, which starts another interval,
// and none is ever cleared.
import { useState } from 'react';

export interface NowPlayingProps {
  readonly track: string;
  readonly hideClock: boolean;
}

function clockText(): string {
  return new Date().toLocaleTimeString('en-GB');
}

export function NowPlaying({ track, hideClock }: NowPlayingProps) {
  const [time, setTime] = useState(clockText());

  if (!hideClock)
    setInterval(() => {
      setTime(clockText());
    }, 1000);

  return (
    <div className="now-playing">
      <span>{track}</span>
      {hideClock ? null : <time>{time}</time>}
    </div>
  );
}
