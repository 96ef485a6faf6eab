/**
 * The trust layer as a sync session sees it: prove who we are inside this one Noise session,
 * check who the peer is, and exchange the membership log.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import type { Admission, LocalHello, MembershipVerdict, SessionTrust } from '../types';
import { concatBytes, equalBytes, toHex, utf8 } from './bytes';
import { deviceIdOf, fingerprintOf, type DeviceIdentity } from './identity';
import type { Membership } from './membership';

const HELLO_LABEL = utf8('kindred-sync-v1');

function helloMessage(handshakeHash: Uint8Array, workspaceId: Uint8Array): Uint8Array {
  return concatBytes(handshakeHash, workspaceId, HELLO_LABEL);
}

function isBytes(value: unknown, length: number): value is Uint8Array {
  return value instanceof Uint8Array && value.length === length;
}

export function createSessionTrust(identity: DeviceIdentity, membership: Membership): SessionTrust {
  return {
    hello(handshakeHash) {
      const workspaceId = membership.workspaceId;
      if (!workspaceId) throw new Error('This device has not joined a sync workspace yet.');
      return {
        workspaceId,
        identityKey: Uint8Array.from(identity.identityKey),
        signature: identity.sign(helloMessage(handshakeHash, workspaceId)),
      };
    },

    admit(hello: LocalHello, handshakeHash: Uint8Array, remoteNoiseKey: Uint8Array): Admission {
      if (!hello || !isBytes(hello.workspaceId, 32) || !isBytes(hello.identityKey, 32) || !isBytes(hello.signature, 64)) {
        return { ok: false, reason: 'The other device sent a malformed hello.' };
      }
      const fingerprint = fingerprintOf(hello.identityKey);
      const ours = membership.workspaceId;
      if (!ours || !equalBytes(ours, hello.workspaceId)) {
        return { ok: false, reason: `Device ${fingerprint} belongs to a different sync group.` };
      }
      let signed = false;
      try {
        signed = ed25519.verify(hello.signature, helloMessage(handshakeHash, hello.workspaceId), hello.identityKey, { zip215: false });
      } catch {
        signed = false;
      }
      if (!signed) return { ok: false, reason: `Device ${fingerprint} could not prove its identity for this connection.` };
      if (equalBytes(hello.identityKey, identity.identityKey)) {
        return { ok: false, reason: `Device ${fingerprint} is this device itself.` };
      }
      const member = membership.member(toHex(hello.identityKey));
      if (!member) return { ok: false, reason: `Device ${fingerprint} is not one of the devices in this sync group.` };
      if (member.removed) return { ok: false, reason: `Device ${fingerprint} was removed from sync by ${member.removed.byName}.` };
      if (!isBytes(remoteNoiseKey, 32) || !member.netKeys.some((k) => equalBytes(k.key, remoteNoiseKey))) {
        return { ok: false, reason: `Device ${fingerprint} connected with a network key it never certified.` };
      }
      return { ok: true, deviceId: deviceIdOf(hello.identityKey) };
    },

    membershipEntries: () => membership.entries(),

    async acceptMembership(entries, fromDeviceId): Promise<MembershipVerdict> {
      const result = await membership.merge(entries);
      if (result.invalid) return { kind: 'invalid', reason: result.invalid };
      const me = membership.member(identity.deviceId);
      if (me?.removed) return { kind: 'self_removed', byName: me.removed.byName, at: me.removed.at };
      const peer = membership.member(fromDeviceId);
      if (!peer || peer.removed) return { kind: 'peer_removed' };
      return { kind: 'ok' };
    },

    onMembershipChange: (listener) => membership.onChange(listener),
  };
}
