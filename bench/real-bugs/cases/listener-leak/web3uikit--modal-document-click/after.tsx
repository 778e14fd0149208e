// Case: web3ui/web3uikit, fix commit 8b335d24a3c1d026bc6b164014995960faf43d47 ("fix: remove event listeners when
// component unmounts", PR https://github.com/web3ui/web3uikit/pull/336). Rewritten in our own code: the fixed effect
// passes a named handler and its cleanup removes it.
import { useEffect, useState } from 'react';

export interface DialogProps {
  open: boolean;
  title: string;
  onClose?: () => void;
}

export function Dialog({ open, title, onClose }: DialogProps) {
  const [visible, setVisible] = useState(open);

  useEffect(() => {
    document.addEventListener('click', handleDocumentClick);
    return () => document.removeEventListener('click', handleDocumentClick);
  }, []);

  const handleDocumentClick = (event: MouseEvent) => {
    const target = event.target as Element;
    if (target.id === 'dialog-close') toggle();
  };

  useEffect(() => {
    setVisible(open);
  }, [open]);

  const toggle = () => {
    setVisible(!visible);
    onClose?.();
  };

  return visible ? (
    <div role="dialog" aria-label={title}>
      <button id="dialog-close">×</button>
    </div>
  ) : null;
}
