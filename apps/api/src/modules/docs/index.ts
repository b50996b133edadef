/** The docs module's public entry: it offers nothing to other modules (its manifest is in the registry). */
export {};
