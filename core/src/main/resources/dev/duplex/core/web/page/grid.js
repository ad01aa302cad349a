// The room's video: one tile per sender, each painted with the newest frame only. A frame that
// arrives while the previous one of that sender is being decoded replaces any frame still waiting, so
// a slow page shows fewer frames, never older ones (latest frame wins, as in the Java apps). Each
// tile also shows how loud its sender's voice is.

/** A tile whose sender sent nothing for this long says so. */
const STALE_MILLIS = 3000;

class Tile {
  constructor(container, sender) {
    this.element = document.createElement('figure');
    this.element.className = 'tile';
    this.element.dataset.sender = sender;
    this.element.dataset.frames = '0';
    this.canvas = document.createElement('canvas');
    this.canvas.width = 320;
    this.canvas.height = 240;
    const caption = document.createElement('figcaption');
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = sender;
    this.info = document.createElement('span');
    this.info.className = 'info';
    this.info.textContent = 'waiting for video…';
    // How loud the sender's voice is (0-1), updated a few times a second.
    this.level = document.createElement('meter');
    this.level.className = 'level';
    this.level.min = 0;
    this.level.max = 1;
    this.level.value = 0;
    this.level.title = `how loud ${sender} is`;
    caption.append(name, this.level, this.info);
    this.element.append(this.canvas, caption);
    container.append(this.element);
    this.frames = 0;
    this.waiting = null;
    this.decoding = false;
    this.lastFrameAt = 0;
    this.countedAt = performance.now();
    this.countedFrames = 0;
  }

  offer(frame) {
    this.waiting = frame; // replaces a frame not yet decoded
    if (!this.decoding) this.decodeNext();
  }

  async decodeNext() {
    const frame = this.waiting;
    if (!frame) return;
    this.waiting = null;
    this.decoding = true;
    try {
      const bitmap = await createImageBitmap(new Blob([frame.jpeg], { type: 'image/jpeg' }));
      if (this.canvas.width !== bitmap.width || this.canvas.height !== bitmap.height) {
        this.canvas.width = bitmap.width;
        this.canvas.height = bitmap.height;
      }
      this.canvas.getContext('2d').drawImage(bitmap, 0, 0);
      bitmap.close();
      this.painted();
    } catch (e) {
      this.info.textContent = 'a frame could not be decoded';
    } finally {
      this.decoding = false;
    }
    if (this.waiting) this.decodeNext();
  }

  painted() {
    this.frames += 1;
    this.countedFrames += 1;
    this.element.dataset.frames = String(this.frames);
    this.lastFrameAt = performance.now();
    this.element.classList.remove('stale');
    const elapsed = this.lastFrameAt - this.countedAt;
    if (elapsed >= 1000) {
      this.info.textContent = `${Math.round((this.countedFrames * 1000) / elapsed)} fps, ${this.canvas.width}×${this.canvas.height}`;
      this.countedAt = this.lastFrameAt;
      this.countedFrames = 0;
    }
  }

  checkStale(now) {
    if (this.frames > 0 && now - this.lastFrameAt > STALE_MILLIS && !this.element.classList.contains('stale')) {
      this.element.classList.add('stale');
      this.info.textContent = 'no video';
    }
  }
}

export class VideoGrid {
  constructor(container) {
    this.container = container;
    this.tiles = new Map();
    this.staleTimer = setInterval(() => {
      const now = performance.now();
      this.tiles.forEach((tile) => tile.checkStale(now));
    }, 1000);
  }

  /** A VIDEO frame from the relay: { sender, jpeg, width, height }. */
  onVideo(frame) {
    this.tile(frame.sender).offer(frame);
  }

  /** The tile of `sender`, made when it is first seen or heard. */
  tile(sender) {
    let tile = this.tiles.get(sender);
    if (!tile) {
      tile = new Tile(this.container, sender);
      this.tiles.set(sender, tile);
    }
    return tile;
  }

  /** Shows each heard sender's voice level (levelOf: sender -> 0-1); makes a tile for a voice without video. */
  showLevels(senders, levelOf) {
    senders.forEach((sender) => this.tile(sender));
    this.tiles.forEach((tile, sender) => {
      const value = levelOf(sender);
      tile.level.value = value;
      tile.element.dataset.level = value.toFixed(3);
    });
  }

  /** Keeps tiles only of those still in the room. */
  onParticipants(participants) {
    const present = new Set(participants);
    for (const [sender, tile] of this.tiles) {
      if (!present.has(sender)) {
        tile.element.remove();
        this.tiles.delete(sender);
      }
    }
  }

  clear() {
    this.tiles.forEach((tile) => tile.element.remove());
    this.tiles.clear();
  }
}
