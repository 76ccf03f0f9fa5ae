import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce for this response's inline scripts. Only the server
 * render has one; in the browser the scripts have already run, so it is empty.
 */
export const NonceContext = createContext("");

export const useNonce = () => useContext(NonceContext);
