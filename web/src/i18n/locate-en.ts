import type { locateZhCN } from './locate-zh-CN.ts'

type Src = typeof locateZhCN
export const locateEn: { [K in keyof Src]: Src[K] extends (p: infer P) => string ? (p: P) => string : string } = {
  'unplaced.listLabel': 'Households not yet placed',
  'locate.title': 'Position',
  'locate.byTap': 'Pick the position on the map',
  'locate.byGps': "Use the phone's location",
  'locate.move': 'Move',
  'locate.moveByTap': 'Pick a new position on the map',
  'locate.tapHint': "Tap the household's house on the map (zoom in first to be exact); tap again to adjust.",
  'locate.tapChosen': 'Position chosen; confirm to save it.',
  'locate.locating': "Getting the phone's position…",
  'locate.accuracy': (p) => `Accurate to about ${p.m} m`,
  'locate.poorAccuracy': "Poor accuracy: this may land on the neighbour's house. Try again at the door, or pick the position on the map.",
  'locate.gpsHint': 'The circle on the map is where it may be. Is this at the household\'s door?',
  'locate.retry': 'Try again',
  'locate.confirm': 'Confirm position',
  'locate.cancel': 'Cancel',
  'locate.saving': 'Saving the position…',
  'locate.field': 'Position',
  'locate.coords': (p) => `${p.lat}° N, ${p.lng}° E`,
  'locate.failed.denied': 'No permission to use the location. Allow this site to use it in the browser or phone settings, or pick the position on the map.',
  'locate.failed.unavailable': 'The position is not available now (no satellite or network signal). Try again in the open, or pick the position on the map.',
  'locate.failed.timeout': 'Getting the position took too long. Try again in the open, or pick the position on the map.',
  'locate.failed.unsupported': 'This browser cannot give a position (the site must be opened over https). Pick the position on the map instead.',
  'locate.placing': (p) => `Placing household ${p.huhao}`,
}
