// Case: TobitSoftware/chayns-components, fix commit 5c377e8262c1ff1239fdf0614836cb743f3841ec (":zap: Use Promise.all
// instead of await in loop (#103)"; https://github.com/TobitSoftware/chayns-components/pull/103).
// The code just before the fix, rewritten in our own code: a React gallery computes the scaled URLs of its images in
// an index loop, awaiting each image's two URL requests before starting the next image.
import { Component } from 'react';

async function scaledImageUrl(url, height, width) {
  const query = new URLSearchParams();
  if (height) query.set('h', String(Math.round(height)));
  if (width) query.set('w', String(Math.round(width)));
  const response = await fetch(`/image-service/scale?src=${encodeURIComponent(url)}&${query}`);
  return response.text();
}

export default class PhotoStrip extends Component {
  state = { fullUrls: [], thumbnails: [] };

  componentDidMount() {
    this.loadImageUrls().catch((error) => console.error(error));
  }

  async loadImageUrls() {
    const { urls, width, height } = this.props;
    const fullUrls = [];
    const thumbnails = [];
    for (let index = 0; index < urls.length; index += 1) {
      const url = urls[index];
      let thumbWidth = width || 600;
      let thumbHeight = height;
      if (urls.length === 2 || (urls.length === 3 && index > 0)) {
        thumbWidth /= 2;
      } else if (index > 0) {
        thumbWidth /= 3;
      }
      fullUrls.push(await scaledImageUrl(url, null, null));
      thumbnails.push({
        url: await scaledImageUrl(url, thumbHeight, thumbWidth),
        height: thumbHeight,
        width: thumbWidth,
      });
      if (fullUrls.length === urls.length && thumbnails.length === urls.length) {
        this.setState({ fullUrls, thumbnails });
      }
    }
  }

  render() {
    return null;
  }
}
