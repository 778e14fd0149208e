// Shared by before.jsx and after.jsx: the photo service call (the original's util/index.js retrieveImage).
export async function fetchBackdrop() {
  const response = await fetch('https://photos.example.com/random?orientation=landscape');
  return response.json();
}
