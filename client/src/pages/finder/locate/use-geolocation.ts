/**
 * The visitor's position from the browser (WGS84, the datum the API speaks), asked for only when they press the
 * button. Every way it can fail has its own reason, so the page can say plainly what happened and what to do instead.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { LonLat } from "../../../api/lookup.ts";

export type GeolocationFailure = "denied" | "unavailable" | "timeout" | "unsupported";

export type GeolocationState = { status: "idle" } | { status: "locating" } | { status: "failed"; reason: GeolocationFailure };

/** Long enough for a phone to get a network position; a GPS fix is not needed to find a township. */
const TIMEOUT_MS = 15_000;

function failureOf(error: GeolocationPositionError): GeolocationFailure {
  if (error.code === error.PERMISSION_DENIED) return "denied";
  if (error.code === error.TIMEOUT) return "timeout";
  return "unavailable";
}

/** `onPosition` hears the position and its accuracy: the radius in metres the browser is 95% sure of. */
export function useGeolocation(onPosition: (position: LonLat, accuracyMetres: number) => void): GeolocationState & { locate(): void } {
  const [state, setState] = useState<GeolocationState>({ status: "idle" });
  const onPositionRef = useRef(onPosition);
  useEffect(() => {
    onPositionRef.current = onPosition;
  });
  // A position that arrives after the page is gone must not touch it.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const locate = useCallback(() => {
    // Geolocation exists only in a secure context (https, or http on localhost).
    if (!window.isSecureContext || !("geolocation" in navigator)) {
      setState({ status: "failed", reason: "unsupported" });
      return;
    }
    setState({ status: "locating" });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        if (!mounted.current) return;
        setState({ status: "idle" });
        onPositionRef.current({ lon: position.coords.longitude, lat: position.coords.latitude }, position.coords.accuracy);
      },
      (error) => {
        if (mounted.current) setState({ status: "failed", reason: failureOf(error) });
      },
      { enableHighAccuracy: false, timeout: TIMEOUT_MS, maximumAge: 60_000 },
    );
  }, []);

  return { ...state, locate };
}
