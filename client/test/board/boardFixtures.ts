/** A tldraw store in Node (no editor, no DOM) and well-formed records to put in it. */
import { createShapeId, createTLStore, defaultBindingUtils, defaultShapeUtils, GeoShapeUtil, type TLRecord, type TLStore } from 'tldraw';

export function newStore(): TLStore {
  return createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils });
}

/**
 * What the editor does when it mounts on a store: adds the document, a default page if there is
 * none, and the session records (camera, instance, pointer). Not in tldraw's public typings.
 */
export function mountEditorOn(store: TLStore): void {
  (store as unknown as { ensureStoreIsUsable(): void }).ensureStoreIsUsable();
}

/** A rectangle with tldraw's default geo props on the store's (first) page. */
export function rectangle(store: TLStore, name: string, x = 0): TLRecord {
  const page = store.query.records('page').get()[0];
  if (!page) throw new Error('the store has no page: call ensureStoreIsUsable first');
  // getDefaultProps reads nothing from the util instance; calling it unbound avoids an Editor.
  const props = (GeoShapeUtil.prototype.getDefaultProps as () => object).call({});
  return store.schema.types.shape.create({ id: createShapeId(name), type: 'geo', parentId: page.id, index: 'a1', x, y: 0, props } as never);
}
