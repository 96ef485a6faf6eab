import { useEffect, useState, type JSX } from 'react';
import QRCode from 'qrcode';

/**
 * The invite as a QR code, for a phone or laptop camera. The qrcode library draws it as an SVG
 * string made only of paths it generated from the invite (the invite's text never appears in
 * it as markup), which is the one thing this page sets as HTML. Dark on white in either theme:
 * cameras read that best.
 */
export function InviteQrCode({ invite }: { invite: string }): JSX.Element {
  const [svg, setSvg] = useState<{ invite: string; markup: string } | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    setFailed(false);
    QRCode.toString(invite, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } })
      .then((markup) => {
        if (live) setSvg({ invite, markup });
      })
      .catch(() => {
        if (live) setFailed(true);
      });
    return () => {
      live = false;
    };
  }, [invite]);

  if (failed) return <p className="muted small">This invite is too long to show as a QR code. Copy it instead.</p>;
  if (!svg || svg.invite !== invite) return <div className="invite-qr invite-qr-pending" aria-hidden="true" />;
  return <div className="invite-qr" role="img" aria-label="QR code of the invite" dangerouslySetInnerHTML={{ __html: svg.markup }} />;
}
