#pragma once

#include <memory>
#include <optional>
#include <vector>

#include <QByteArray>
#include <QString>

#include "hubtypes.h"
#include "protocol/frames.h"
#include "server/domain/auth.h"
#include "wsprotocol.h"
#include "wstransport.h"

namespace Ops {

//! \brief One WebSocket connection of a HubWorker and where it stands in the protocol: what it
//! is owed (its send queue), what it is subscribed to, and the heartbeat's view of the peer.
//!
//! The HubWorker drives it; what the session decides on its own (writing its queue, the close
//! frame, the liveness rules of protocol.md's "Heartbeat") is here, on times the worker passes
//! in (ms on one monotonic clock), so the rules can be checked without waiting for them.
struct HubSession
{
    enum class Phase {
        Handshake, //!< the upgrade request is being read
        Open,
        Closing, //!< our close frame (or a refusal) is queued or out; waiting for the end
    };
    enum class Stream {
        Off, //!< not subscribed (yet)
        Live, //!< takes the events fanned out to the worker
        FromLog, //!< reads the log (a replay, or events it has not seen) until caught up
    };
    //! What the heartbeat finds at a sweep.
    enum class Liveness {
        Fine,
        PingDue, //!< no ping outstanding for an interval
        Dead, //!< silent for two intervals, its ping unanswered: abort
        Stalled, //!< nothing acknowledged for two intervals: abort if silent, else close 4030
        CutOff, //!< closing, and the close handshake did not finish in time: abort
    };
    //! What write() did.
    struct Written
    {
        qint64 bytes = 0; //!< -1: the connection broke
        bool closeDone = false; //!< our close frame left after the peer's arrived: end it now
    };

    //! Writes as much of the queue as the connection takes now, at \a now.
    Written write(qint64 now);
    //! Queues a ping at \a now.
    void queuePing(const QByteArray &frame, qint64 now);
    //! Leaves the stream and queues the close frame with \a code and \a reason; with
    //! \a dropQueued, first drops what has not started to go out. Returns the change of the
    //! queued bytes.
    qint64 queueClose(quint16 code, const QString &reason, bool dropQueued);
    //! The peer sent something (any frame) at \a now.
    void heard(qint64 now) { lastSeen = now; }
    //! The peer answered the outstanding ping.
    void ponged(qint64 now);
    //! Samples what the peer has acknowledged (the transport's unacknowledged bytes).
    void sampleAcknowledged(qint64 now);
    //! The heartbeat rules at \a now for a ping \a interval (ms).
    [[nodiscard]] Liveness check(qint64 now, qint64 interval) const;
    //! Something is still owed to the peer: queued, or written and not acknowledged.
    [[nodiscard]] bool hasBacklog() const { return !queue.isEmpty() || !kernelIdle; }

    quint64 id = 0;
    std::size_t index = 0; //!< in HubWorker's list
    std::unique_ptr<Ws::Transport> transport;
    Ws::FrameReader reader { Wire::MaxFrameBytes };
    Ws::SendQueue queue;
    QByteArray head; //!< the upgrade request, until complete
    std::optional<Hub::CloseRequest> closeOnOpen;
    Phase phase = Phase::Handshake;
    Stream stream = Stream::Off;
    bool readInput = true; //!< false after a framing error: the rest is discarded unread
    bool doomed = false;
    bool dirty = false;
    bool closeReceived = false;
    bool kernelIdle = true; //!< everything written was acknowledged, last we looked
    bool runningDeferred = false;

    std::optional<User> user;
    QByteArray tokenHash; //!< to re-check authorisation; the token itself is not kept
    Hub::ChannelMask channels = 0;
    bool subscribed = false;
    qint64 lastSentSeq = 0; //!< highest event seq delivered to or filtered for this session

    bool planPending = false; //!< a subscribe with `since` waits for the main thread's plan
    qint64 replayUntil = -1; //!< replaying up to this seq; `subscribed` follows it
    QString replayEpoch;
    qint64 replayed = 0;
    Hub::LogBatchPtr batch;
    std::size_t batchPos = 0;
    bool logRequested = false;
    std::vector<Ws::Message> deferred; //!< client frames that arrived during a subscribe

    int badFrames = 0;
    qint64 rateWindowStart = -1;
    int framesInWindow = 0;

    // Heartbeat, in ms on the worker's clock.
    qint64 lastSeen = 0; //!< any frame, pong or close from the peer
    qint64 lastPingAt = 0;
    qint64 pingEnd = -1; //!< stream position just after the outstanding ping; -1: none
    qint64 pingQueuedAt = -1;
    qint64 pingLeftAt = -1; //!< when the outstanding ping left the send queue
    qint64 acked = 0; //!< stream bytes the peer acknowledged, last we looked
    qint64 lastAckProgress = 0;
    qint64 closeEnd = -1; //!< stream position just after our close frame (or refusal)
    qint64 closeLeftAt = -1;
};

} // namespace Ops
