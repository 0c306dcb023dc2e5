#include "hubsession.h"

#include <algorithm>

namespace Ops {

HubSession::Written HubSession::write(qint64 now)
{
    Written written;
    written.bytes = transport->write(queue);
    if (written.bytes < 0)
        return written;
    if (written.bytes > 0) {
        if (kernelIdle) {
            // The stall clock starts when something is owed to the peer again.
            kernelIdle = false;
            lastAckProgress = now;
        }
        const qint64 sent = queue.sentTotal();
        if (pingEnd >= 0 && pingLeftAt < 0 && sent >= pingEnd)
            pingLeftAt = now;
        if (closeEnd >= 0 && closeLeftAt < 0 && sent >= closeEnd) {
            closeLeftAt = now;
            if (closeReceived)
                written.closeDone = true; // both close frames exchanged: the server ends it
            else
                transport->shutdownWrite(); // the end of the stream follows our close frame
        }
    }
    transport->setWriteInterest(!queue.isEmpty());
    return written;
}

void HubSession::queuePing(const QByteArray &frame, qint64 now)
{
    queue.push(frame);
    pingEnd = queue.queuedTotal();
    pingQueuedAt = now;
    pingLeftAt = -1;
    lastPingAt = now;
}

qint64 HubSession::queueClose(quint16 code, const QString &reason, bool dropQueued)
{
    phase = Phase::Closing;
    stream = Stream::Off;
    batch.reset();
    deferred.clear();
    planPending = false;
    replayUntil = -1;
    qint64 change = 0;
    if (dropQueued) {
        // The close goes out next (after a frame already half sent): a client that is behind
        // reads it at once, instead of after megabytes it will get again by replay.
        change -= queue.dropUnsent();
        if (pingEnd > queue.queuedTotal()) {
            pingEnd = -1;
            pingLeftAt = -1;
        }
    }
    // A close reason may carry at most 123 bytes.
    const QByteArray frame = Ws::closeFrame(code, reason.left(100));
    queue.push(frame);
    closeEnd = queue.queuedTotal();
    return change + frame.size();
}

void HubSession::ponged(qint64 now)
{
    lastSeen = now;
    pingEnd = -1;
    pingQueuedAt = -1;
    pingLeftAt = -1;
}

void HubSession::sampleAcknowledged(qint64 now)
{
    if (kernelIdle && queue.isEmpty())
        return;
    // Progress means the peer (at least its kernel) is reading what it is sent.
    const qint64 pending = transport->unacknowledged();
    const qint64 nowAcked = queue.sentTotal() - std::max<qint64>(0, pending);
    if (nowAcked > acked) {
        acked = nowAcked;
        lastAckProgress = now;
    }
    if (pending <= 0 && queue.isEmpty())
        kernelIdle = true;
}

HubSession::Liveness HubSession::check(qint64 now, qint64 interval) const
{
    if (phase == Phase::Handshake)
        return Liveness::Fine; // the auth deadline covers it
    const qint64 deadline = 2 * interval;
    const bool stalled = hasBacklog() && now - lastAckProgress >= deadline;
    if (phase == Phase::Closing) {
        // A peer that does not finish the close handshake is cut off one interval (at least a
        // second) after our close frame left; one that stopped reading, once it stalls.
        const bool late = closeLeftAt >= 0 && now - closeLeftAt >= std::max<qint64>(interval, 1000);
        return late || stalled ? Liveness::CutOff : Liveness::Fine;
    }
    // Nothing acknowledged for two intervals: a dead peer (half-open, its window closed) or
    // one that talks but does not read.
    if (stalled)
        return Liveness::Stalled;
    // A silent peer is dead once its ping has had an interval to come back after it left the
    // queue (plus as long as it waited there: what was ahead of it, the peer reads first), and
    // nothing it was sent is being acknowledged any more.
    if (now - lastSeen >= deadline && pingLeftAt >= 0
        && now - pingLeftAt >= interval + (pingLeftAt - pingQueuedAt)
        && (!hasBacklog() || now - lastAckProgress >= interval))
        return Liveness::Dead;
    if (pingEnd < 0 && now - lastPingAt >= interval)
        return Liveness::PingDue;
    return Liveness::Fine;
}

} // namespace Ops
