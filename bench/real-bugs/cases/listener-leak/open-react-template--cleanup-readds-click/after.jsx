// Case: cruip/open-react-template, fix commit f8c52fbbfc0208decdeeba0218d27bbd0f4bb116 ("Fix: event listeners",
// PR https://github.com/cruip/open-react-template/pull/32). Rewritten in our own code: a site header's effect (no
// dependency list, so it runs after every render) listens on the document for keys and outside clicks; the cleanup
// was meant to undo both but calls addEventListener for the click handler, so each render stacks another one.
import { useEffect, useRef, useState } from 'react';

export function SiteHeader({ links }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const panel = useRef(null);
  const toggle = useRef(null);

  const onKey = (event) => {
    if (event.key === 'Escape' && menuOpen) hideMenu();
  };

  const onOutsideClick = (event) => {
    if (!panel.current || !menuOpen) return;
    if (panel.current.contains(event.target) || event.target === toggle.current) return;
    hideMenu();
  };

  useEffect(() => {
    document.addEventListener('keydown', onKey);
    document.addEventListener('click', onOutsideClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('click', onOutsideClick);
    };
  });

  const showMenu = () => {
    document.body.classList.add('menu-open');
    setMenuOpen(true);
  };

  const hideMenu = () => {
    document.body.classList.remove('menu-open');
    setMenuOpen(false);
  };

  return (
    <header>
      <button ref={toggle} onClick={() => (menuOpen ? hideMenu() : showMenu())}>
        menu
      </button>
      <nav ref={panel}>
        {links.map((link) => (
          <a key={link.href} href={link.href}>
            {link.label}
          </a>
        ))}
      </nav>
    </header>
  );
}
