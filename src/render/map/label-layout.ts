// Labels that do not collide: each label tries the spots around its point in turn (right, left, the
// diagonals, above, below; then further out with a leader line) and takes the first that overlaps no
// marker, no label already placed and nothing outside the map. Most important labels go first.
import type { Box } from './map-frame.js';

export interface LabelRequest {
  text: string;
  bold: boolean;
  size: number;
  /** The point labelled. */
  x: number;
  y: number;
  /** Radius around the point to keep clear (the marker). */
  clearance: number;
  /** Lower is placed first. */
  priority: number;
  /** Centred on the point (region and river names), instead of beside it. */
  centred?: boolean;
  /** May be set further out with a leader line when no spot beside the point is free (marker labels). */
  mayMoveAway?: boolean;
  /** Drawn with a white outline, to read over map lines (marker labels: the outline is costly to draw). */
  halo?: boolean;
  colour: string;
}

export interface PlacedLabel {
  request: LabelRequest;
  /** Start of the baseline. */
  x: number;
  y: number;
  box: Box;
  /** From the point to the label, when it had to move away. */
  leader?: { x1: number; y1: number; x2: number; y2: number };
}

export interface TextMeasure {
  width(text: string, size: number, bold: boolean): number;
  ascent(size: number): number;
  descent(size: number): number;
}

const padding = 2;

export const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const inside = (box: Box, bounds: Box): boolean =>
  box.x >= bounds.x &&
  box.y >= bounds.y &&
  box.x + box.width <= bounds.x + bounds.width &&
  box.y + box.height <= bounds.y + bounds.height;

/** Unit directions tried around a point, in order of preference. */
const directions: readonly [number, number][] = [
  [1, 0],
  [-1, 0],
  [0.7, -0.7],
  [0.7, 0.7],
  [-0.7, -0.7],
  [-0.7, 0.7],
  [0, -1],
  [0, 1],
];

function candidateBoxes(request: LabelRequest, width: number, height: number, ascent: number) {
  const candidates: { box: Box; leader: boolean }[] = [];
  if (request.centred) {
    for (const [dx, dy] of [
      [0, 0],
      [0, -height],
      [0, height],
    ] as const) {
      candidates.push({
        box: { x: request.x - width / 2 + dx, y: request.y - height / 2 + dy, width, height },
        leader: false,
      });
    }
    return candidates;
  }
  const rings = request.mayMoveAway ? [0, 14, 30, 50] : [0];
  for (const ring of rings) {
    const distance = request.clearance + 3 + ring;
    for (const [dx, dy] of directions) {
      // The box's nearest edge sits `distance` from the point along the direction.
      const left =
        dx > 0.1
          ? request.x + dx * distance
          : dx < -0.1
            ? request.x + dx * distance - width
            : request.x - width / 2;
      const top =
        dy > 0.1
          ? request.y + dy * distance
          : dy < -0.1
            ? request.y + dy * distance - height
            : request.y - ascent / 2 - padding;
      candidates.push({ box: { x: left, y: top, width, height }, leader: ring > 0 });
    }
  }
  return candidates;
}

/**
 * Places labels in priority order. A label that finds no free spot is left out (a town name) or, for
 * a marker that may move away, set further out with a leader line; one that still fits nowhere is
 * returned in `unplaced` so the caller can say so.
 */
export function layoutLabels(
  requests: readonly LabelRequest[],
  obstacles: readonly Box[],
  bounds: Box,
  measure: TextMeasure,
): { placed: PlacedLabel[]; unplaced: LabelRequest[] } {
  const taken: Box[] = [...obstacles];
  const placed: PlacedLabel[] = [];
  const unplaced: LabelRequest[] = [];
  for (const request of [...requests].sort((a, b) => a.priority - b.priority)) {
    const ascent = measure.ascent(request.size);
    const width = measure.width(request.text, request.size, request.bold) + padding * 2;
    const height = ascent + measure.descent(request.size) + padding * 2;
    const free = candidateBoxes(request, width, height, ascent).find(
      ({ box }) => inside(box, bounds) && !taken.some((other) => overlaps(box, other)),
    );
    if (!free) {
      unplaced.push(request);
      continue;
    }
    taken.push(free.box);
    const label: PlacedLabel = {
      request,
      x: free.box.x + padding,
      y: free.box.y + padding + ascent,
      box: free.box,
    };
    if (free.leader) {
      const targetX = Math.min(Math.max(request.x, free.box.x), free.box.x + free.box.width);
      const targetY = Math.min(Math.max(request.y, free.box.y), free.box.y + free.box.height);
      label.leader = { x1: request.x, y1: request.y, x2: targetX, y2: targetY };
    }
    placed.push(label);
  }
  return { placed, unplaced };
}
