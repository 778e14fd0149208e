// Case: carbon-design-system/carbon-ai-chat, fix commit e0a6a41d2db0b0e84b263c41615ed14c4d56afae ("fix: make sure we
// cleanup polling on unmount", PR https://github.com/carbon-design-system/carbon-ai-chat/pull/918). Rewritten in our
// own code: a chat input reports "stopped typing" through a timeout kept in a ref and re-armed on each keystroke; no
// effect clears it, so when the input unmounts mid-typing the timer still fires and calls back into a gone component.
import { useEffect, useRef, useState } from 'react';

const STOP_TYPING_AFTER_MS = 5000;

export interface ComposerProps {
  readonly onTyping?: (typing: boolean) => void;
  readonly onSend: (text: string) => void;
}

export function Composer({ onTyping, onSend }: ComposerProps) {
  const [text, setText] = useState('');
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const field = useRef<HTMLTextAreaElement | null>(null);

  useEffect(() => {
    field.current?.focus();
  }, []);

  useEffect(() => {
    return () => {
      if (typingTimer.current) {
        clearTimeout(typingTimer.current);
        typingTimer.current = null;
      }
    };
  }, []);

  function typingStopped() {
    if (typingTimer.current) {
      clearTimeout(typingTimer.current);
      typingTimer.current = null;
      onTyping?.(false);
    }
  }

  function onChange(value: string) {
    if (onTyping) {
      if (!typingTimer.current) {
        onTyping(true);
      } else {
        clearTimeout(typingTimer.current);
      }
      typingTimer.current = setTimeout(typingStopped, STOP_TYPING_AFTER_MS);
    }
    setText(value);
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSend(text);
        setText('');
      }}
    >
      <textarea ref={field} value={text} onChange={(event) => onChange(event.target.value)} />
    </form>
  );
}
