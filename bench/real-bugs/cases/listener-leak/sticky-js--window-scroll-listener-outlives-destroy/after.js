// Case: rgalus/sticky-js, fix commit ef917a6483f0ac04724d1b273d71db6146d23d3a ("fix memory leaks", pull request
// #59). Rewritten in our own code: each pinning instance adds a bound 'load' and 'scroll' listener to the window in
// its constructor; destroy() removes the per-element listeners but not those two, so every instance created and
// destroyed (a page that re-initialises on navigation) stays reachable from the window.

class StickyPins {
  constructor(selector = '', options = {}) {
    this.selector = selector;
    this.elements = [];
    this.viewport = this.measureViewport();
    this.options = {
      offsetTop: options.offsetTop || 0,
      minWidth: options.minWidth || 0,
      activeClass: options.activeClass || null,
    };

    this.trackScroll = this.trackScroll.bind(this);

    this.trackScroll();
    window.addEventListener('load', this.trackScroll);
    window.addEventListener('scroll', this.trackScroll);

    this.start();
  }

  start() {
    const waitForPage = setInterval(() => {
      if (document.readyState === 'complete') {
        clearInterval(waitForPage);
        document.querySelectorAll(this.selector).forEach((element) => this.pin(element));
      }
    }, 10);
  }

  pin(element) {
    this.elements.push(element);
    element.pinState = { active: this.viewport.width > this.options.minWidth };
    element.pinState.onResize = () => this.onResize(element);
    element.pinState.onScroll = () => this.place(element);
    window.addEventListener('resize', element.pinState.onResize);
    window.addEventListener('scroll', element.pinState.onScroll);
    this.place(element);
  }

  onResize(element) {
    this.viewport = this.measureViewport();
    element.pinState.active = this.viewport.width > this.options.minWidth;
    this.place(element);
  }

  place(element) {
    const stuck = element.pinState.active && this.scrollTop > element.offsetTop - this.options.offsetTop;
    element.style.position = stuck ? 'fixed' : '';
    element.style.top = stuck ? `${this.options.offsetTop}px` : '';
    if (this.options.activeClass) {
      element.classList.toggle(this.options.activeClass, stuck);
    }
  }

  destroy() {
    window.removeEventListener('load', this.trackScroll);
    window.removeEventListener('scroll', this.trackScroll);

    this.elements.forEach((element) => {
      window.removeEventListener('resize', element.pinState.onResize);
      window.removeEventListener('scroll', element.pinState.onScroll);
      delete element.pinState;
    });
  }

  measureViewport() {
    return { width: window.innerWidth, height: window.innerHeight };
  }

  trackScroll() {
    this.scrollTop = (window.pageYOffset || document.documentElement.scrollTop) - (document.documentElement.clientTop || 0) || 0;
  }
}

module.exports = StickyPins;
