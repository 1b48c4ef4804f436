/** A QR code of a link, drawn as SVG by the `qrcode` package (in the share sheet's and the poster's chunk only). */
import { useEffect, useState } from "react";
import { toString as qrSvg } from "qrcode";

interface QrCodeProps {
  url: string;
  /** What a screen reader says for the image. */
  label: string;
  className?: string;
}

export function QrCode({ url, label, className }: QrCodeProps) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    // Error correction M survives a creased or dirty print; a 4-module margin is the quiet zone scanners need.
    qrSvg(url, { type: "svg", errorCorrectionLevel: "M", margin: 4, color: { dark: "#000000", light: "#ffffff" } }).then(
      (text) => {
        if (current) setSvg(text);
      },
      (error: unknown) => console.warn("the QR code could not be drawn", error),
    );
    return () => {
      current = false;
    };
  }, [url]);
  return (
    <div
      className={className ? `qr-code ${className}` : "qr-code"}
      role="img"
      aria-label={label}
      data-testid="share:qr"
      data-url={url}
      data-ready={svg ? "true" : "false"}
      // The SVG is the library's own output for this URL: no visitor text reaches it unescaped.
      dangerouslySetInnerHTML={svg ? { __html: svg } : undefined}
    />
  );
}
