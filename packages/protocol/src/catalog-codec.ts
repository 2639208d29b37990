/**
 * The catalog's own encodings: a command as the data of a meta log entry, and
 * the whole catalog as the meta group's snapshot. Both are the protobuf
 * messages of proto/catalog.proto, decoded as the gRPC API decodes them.
 */
import { api } from "./definitions.js";
import type { Catalog, Catalog__Output } from "./generated/tributary/catalog/Catalog.js";
import type { CatalogCommand, CatalogCommand__Output } from "./generated/tributary/catalog/CatalogCommand.js";

const commandType = api.tributary.catalog.CatalogCommand;
const catalogType = api.tributary.catalog.Catalog;

export function encodeCatalogCommand(command: CatalogCommand): Uint8Array {
  return commandType.serialize(command);
}

/** Decodes a command; throws on bytes that are not one (the caller treats that as a corrupt entry). */
export function decodeCatalogCommand(bytes: Uint8Array): CatalogCommand__Output {
  return commandType.deserialize(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

export function encodeCatalog(catalog: Catalog): Uint8Array {
  return catalogType.serialize(catalog);
}

export function decodeCatalog(bytes: Uint8Array): Catalog__Output {
  return catalogType.deserialize(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
