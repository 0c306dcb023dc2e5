// HubWorker, second part: what the sessions say and what they get — client frames, auth,
// subscriptions, the live fan-out, and replays and catch-ups from the event log. The first
// part (hubworker.cpp) has the thread, the sockets, the send queues, the heartbeat and the send
// budget.

#include <algorithm>

#include "core/logging.h"
#include "eventhub.h"
#include "hubworker.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

quint16 wire(Wire::CloseCode code)
{
    return static_cast<quint16>(code);
}

} // namespace

bool HubWorker::isBusy(const Session &s)
{
    return s.planPending || s.replayUntil >= 0;
}

void HubWorker::runDeferred(Session &s)
{
    if (s.runningDeferred)
        return;
    s.runningDeferred = true;
    while (!s.deferred.empty() && !isBusy(s) && !s.doomed && s.phase == Session::Phase::Open) {
        const Ws::Message message = std::move(s.deferred.front());
        s.deferred.erase(s.deferred.begin());
        handleData(s, message.payload, message.opcode == Ws::Opcode::Binary);
    }
    s.runningDeferred = false;
}

bool HubWorker::admitFrame(Session &s)
{
    const qint64 t = now();
    if (s.rateWindowStart < 0 || t - s.rateWindowStart >= 1000) {
        s.rateWindowStart = t;
        s.framesInWindow = 0;
    }
    ++s.framesInWindow;
    if (s.framesInWindow > m_settings.hardMessageRate) {
        noteRejected(int(EventHub::FrameRejection::RateLimited));
        qCInfo(lcServerWs) << "closing a session over" << m_settings.hardMessageRate << "frames/s";
        closeSession(s, wire(Wire::CloseCode::RateLimited),
            u"message rate over %1/s"_s.arg(m_settings.hardMessageRate));
        return false;
    }
    if (s.framesInWindow > m_settings.softMessageRate) {
        noteRejected(int(EventHub::FrameRejection::RateLimited));
        ServerFrame frame;
        frame.kind = ServerFrame::Kind::Error;
        frame.error = Error::kindName(ErrorKind::RateLimited);
        frame.message = u"more than %1 frames/s; frame ignored"_s.arg(m_settings.softMessageRate);
        send(s, frame);
        return false;
    }
    return true;
}

void HubWorker::handleData(Session &s, const QByteArray &text, bool binary)
{
    if (binary) {
        if (!s.user) {
            noteRejected(int(EventHub::FrameRejection::NotAuthenticated));
            closeSession(s, wire(Wire::CloseCode::Unauthorized), u"the first frame must be auth"_s);
            return;
        }
        rejectFrame(s, u"bad_frame"_s, u"binary frames are not supported"_s);
        return;
    }
    QString error;
    const auto frame = ClientFrame::parse(text, &error);
    if (!s.user) {
        // Until authenticated, anything but a valid auth frame ends the session.
        if (!frame || frame->kind != ClientFrame::Kind::Auth) {
            noteRejected(int(EventHub::FrameRejection::NotAuthenticated));
            closeSession(s, wire(Wire::CloseCode::Unauthorized), u"the first frame must be auth"_s);
            return;
        }
        handleAuth(s, frame->token);
        return;
    }
    if (!frame) {
        rejectFrame(s, u"bad_frame"_s, error);
        return;
    }
    switch (frame->kind) {
    case ClientFrame::Kind::Auth:
        rejectFrame(s, u"bad_frame"_s, u"already authenticated"_s);
        return;
    case ClientFrame::Kind::Subscribe:
        handleSubscribe(s, frame->channels, frame->since);
        return;
    case ClientFrame::Kind::Unsubscribe:
        handleUnsubscribe(s, frame->channels);
        return;
    }
}

void HubWorker::handleAuth(Session &s, const QString &token)
{
    const QByteArray hash = Auth::hashToken(token);
    const auto user = m_auth.authenticateHash(hash);
    if (!user) {
        qCInfo(lcServerWs) << "session rejected: invalid token";
        closeSession(s, wire(Wire::CloseCode::Unauthorized), u"invalid token"_s);
        return;
    }
    s.user = user;
    s.tokenHash = hash;
    qCInfo(lcServerWs) << "session authenticated as" << user->name;
    ServerFrame ready;
    ready.kind = ServerFrame::Kind::Ready;
    ready.user = user->name;
    ready.role = User::roleName(user->role);
    ready.position = m_hub.head();
    send(s, ready);
}

void HubWorker::handleSubscribe(
    Session &s, const QStringList &channels, const std::optional<StreamPosition> &since)
{
    // Authorisation is checked again on every subscribe (and so on every resume): a token
    // revoked since the session authenticated gets nothing more.
    const auto user = m_auth.authenticateHash(s.tokenHash);
    if (!user) {
        closeSession(s, wire(Wire::CloseCode::Unauthorized), u"token revoked"_s, true);
        return;
    }
    s.user = user;
    for (const QString &channel : channels) {
        if (!user->canSubscribe(channel)) {
            ServerFrame error;
            error.kind = ServerFrame::Kind::Error;
            error.error = Error::kindName(ErrorKind::Forbidden);
            error.message =
                u"channel '%1' is not available to %2"_s.arg(channel, User::roleName(user->role));
            send(s, error);
            closeSession(s, wire(Wire::CloseCode::Forbidden), error.message);
            return;
        }
    }
    Hub::ChannelMask wanted = s.channels;
    for (const QString &channel : channels) {
        if (const int bit = Hub::channelBit(channel); bit >= 0) // canSubscribe() knows no other
            wanted |= Hub::ChannelMask(1u << bit);
    }
    if (Hub::channelCount(wanted) > m_settings.maxChannels) {
        rejectFrame(s, u"too_many_channels"_s,
            u"at most %1 channels per connection"_s.arg(m_settings.maxChannels));
        return;
    }
    const StreamPosition head = m_hub.head();
    if (s.subscribed) {
        // Already live: a second subscribe adds channels but never replays (exactly once per
        // connection).
        setSubscribed(s, true, wanted);
        sendSubscribed(s, { head.epoch, s.lastSentSeq }, 0);
        return;
    }
    if (!since || *since == head) {
        // Every event after the head the hub has published reaches this worker later, so
        // live events follow without a gap.
        s.lastSentSeq = since ? since->seq : head.seq;
        setSubscribed(s, true, wanted);
        sendSubscribed(s, { head.epoch, s.lastSentSeq }, 0);
        goLive(s);
        return;
    }
    // Replay or resync: the main thread reads the log's head and retention.
    s.channels = wanted;
    s.planPending = true;
    m_hub.requestPlan(m_index, s.id, *since);
}

void HubWorker::answerPlan(quint64 sessionId, const StreamPosition &since, const Hub::Plan &plan)
{
    Session *s = find(sessionId);
    if (!s || s->doomed || !s->planPending)
        return;
    s->planPending = false;
    if (s->phase != Session::Phase::Open)
        return;
    if (!plan.resyncReason.isEmpty()) {
        qCInfo(lcServerWs) << "resync for" << s->user->name << plan.resyncReason;
        m_counters.resyncs.fetch_add(1, std::memory_order_relaxed);
        ServerFrame resync;
        resync.kind = ServerFrame::Kind::Resync;
        resync.error = plan.resyncReason;
        resync.position = plan.head;
        send(*s, resync);
        s->lastSentSeq = plan.head.seq;
        setSubscribed(*s, true, s->channels);
        sendSubscribed(*s, plan.head, 0);
        goLive(*s);
    } else {
        m_counters.replays.fetch_add(1, std::memory_order_relaxed);
        setSubscribed(*s, true, s->channels);
        s->lastSentSeq = since.seq;
        s->replayUntil = plan.head.seq;
        s->replayEpoch = plan.head.epoch;
        s->replayed = 0;
        startFromLog(*s);
    }
    runDeferred(*s);
    afterTurn();
}

void HubWorker::handleUnsubscribe(Session &s, const QStringList &channels)
{
    Hub::ChannelMask mask = s.channels;
    for (const QString &channel : channels) {
        if (const int bit = Hub::channelBit(channel); bit >= 0)
            mask &= Hub::ChannelMask(~(1u << bit));
    }
    setSubscribed(s, s.subscribed, mask);
}

void HubWorker::handlePeerClose(Session &s, const QByteArray &payload)
{
    if (s.phase == Session::Phase::Handshake) {
        doom(s);
        return;
    }
    s.closeReceived = true;
    if (s.phase == Session::Phase::Closing) {
        // Our close frame went first: the handshake is complete once it is out.
        if (s.closeLeftAt >= 0)
            doom(s);
        return;
    }
    // The peer closes first: echo its code, then end the connection once the echo is out.
    const quint16 code = payload.size() >= 2
        ? quint16(quint8(payload.at(0)) << 8 | quint8(payload.at(1)))
        : Ws::CloseNormal;
    qCDebug(lcServerWs) << "session" << s.id << "closed by the peer with" << code;
    sendClose(s, code, {}, true);
}

void HubWorker::setSubscribed(Session &s, bool subscribed, Hub::ChannelMask channels)
{
    const int before = s.subscribed ? Hub::channelCount(s.channels) : 0;
    const int after = subscribed ? Hub::channelCount(channels) : 0;
    if (after != before)
        m_counters.subscriptions.fetch_add(after - before, std::memory_order_relaxed);
    s.subscribed = subscribed;
    s.channels = channels;
}

bool HubWorker::wants(const Session &s, Hub::ChannelMask carriers, const QString &region)
{
    if (!s.subscribed || !s.user || (s.channels & carriers) == 0)
        return false;
    return region.isEmpty() || s.user->canSeeRegion(region);
}

void HubWorker::deliver(const Hub::Event &event)
{
    m_lastEventSeq = std::max(m_lastEventSeq, event.seq);
    qint64 delivered = 0;
    for (Session *s : m_list) {
        if (s->stream != Session::Stream::Live || s->doomed || event.seq <= s->lastSentSeq)
            continue;
        if (event.seq > s->lastSentSeq + 1) {
            // An event this session has not seen was committed before this one (by another
            // writer): read from the log, keeping seq order.
            startFromLog(*s);
            continue;
        }
        s->lastSentSeq = event.seq;
        if (!wants(*s, event.carriers, event.region))
            continue; // filtered, not missed
        enqueue(*s, event.frame);
        ++delivered;
    }
    if (delivered > 0)
        m_counters.delivered.fetch_add(delivered, std::memory_order_relaxed);
}

void HubWorker::goLive(Session &s)
{
    if (m_lastEventSeq > s.lastSentSeq)
        startFromLog(s); // events passed while the session was not live
    else
        s.stream = Session::Stream::Live;
}

void HubWorker::startFromLog(Session &s)
{
    s.stream = Session::Stream::FromLog;
    s.batch.reset();
    s.batchPos = 0;
    pumpLog(s);
}

void HubWorker::pumpLog(Session &s)
{
    // A replay goes out as the socket drains, at most this much queued at a time: it never
    // trips the per-session cap meant for clients that fall behind live events.
    const qint64 highWater = std::clamp<qint64>(m_settings.maxBufferedBytes / 2, 1, 256 * 1024);
    while (s.stream == Session::Stream::FromLog && !s.doomed && s.phase == Session::Phase::Open) {
        if (s.batch && s.batchPos < s.batch->events.size()) {
            if (s.queue.bytes() >= highWater)
                return; // more when the socket has taken some
            const Hub::Event &event = s.batch->events[s.batchPos++];
            if (event.seq <= s.lastSentSeq)
                continue;
            if (s.replayUntil >= 0 && event.seq > s.replayUntil)
                finishReplay(s);
            s.lastSentSeq = event.seq;
            if (!wants(s, event.carriers, event.region))
                continue;
            enqueue(s, event.frame, false);
            m_counters.delivered.fetch_add(1, std::memory_order_relaxed);
            if (s.replayUntil >= 0)
                ++s.replayed;
            continue;
        }
        if (s.logRequested)
            return;
        if (s.batch && s.batch->complete) {
            // The log held nothing after this batch when it was read: whatever it could not
            // read up to the replay's end was skipped as unreadable.
            if (s.replayUntil >= 0)
                s.lastSentSeq = std::max(s.lastSentSeq, s.replayUntil);
            s.batch.reset();
        }
        if (s.replayUntil >= 0 && s.lastSentSeq >= s.replayUntil) {
            finishReplay(s);
            continue;
        }
        if (s.replayUntil < 0 && !s.batch && m_lastEventSeq <= s.lastSentSeq) {
            // Caught up: every later event reaches this worker after now.
            s.stream = Session::Stream::Live;
            break;
        }
        requestLog(s);
        return;
    }
    if (!isBusy(s))
        runDeferred(s);
}

void HubWorker::finishReplay(Session &s)
{
    m_counters.replayedEvents.fetch_add(s.replayed, std::memory_order_relaxed);
    const StreamPosition position { s.replayEpoch, s.replayUntil };
    s.replayUntil = -1;
    sendSubscribed(s, position, s.replayed);
    qCDebug(lcServerWs) << s.user->name << "replayed" << s.replayed << "events";
}

void HubWorker::requestLog(Session &s)
{
    s.logRequested = true;
    m_hub.requestLog(m_index, s.id, s.lastSentSeq);
}

void HubWorker::answerLog(quint64 sessionId, const Hub::LogBatchPtr &batch)
{
    Session *s = find(sessionId);
    if (!s || s->doomed || !s->logRequested)
        return;
    s->logRequested = false;
    if (s->stream != Session::Stream::FromLog || s->phase != Session::Phase::Open)
        return;
    const qint64 first = batch->events.empty() ? batch->head.seq + 1 : batch->events.front().seq;
    if (first > s->lastSentSeq + 1 && batch->after == s->lastSentSeq) {
        if (s->replayUntil >= 0) {
            // A replay is whole or nothing: the log lost events it was replaying (trimmed
            // meanwhile), so the client hears it must refetch instead.
            qCInfo(lcServerWs) << "resync for" << s->user->name << "events_expired (mid-replay)";
            m_counters.resyncs.fetch_add(1, std::memory_order_relaxed);
            ServerFrame resync;
            resync.kind = ServerFrame::Kind::Resync;
            resync.error = u"events_expired"_s;
            resync.position = batch->head;
            send(*s, resync);
            s->replayUntil = -1;
            s->lastSentSeq = batch->head.seq;
            sendSubscribed(*s, batch->head, 0);
            s->stream = Session::Stream::Off;
            goLive(*s);
            runDeferred(*s);
            afterTurn();
            return;
        }
        // Catching up: what the log no longer holds is skipped, as it always was.
        s->lastSentSeq = first - 1;
    }
    s->batch = batch;
    s->batchPos = 0;
    pumpLog(*s);
    afterTurn();
}

void HubWorker::send(Session &s, const ServerFrame &frame)
{
    if (s.phase != Session::Phase::Open)
        return;
    enqueue(s, Ws::frame(Ws::Opcode::Text, frame.toUtf8()));
}

void HubWorker::sendSubscribed(Session &s, const StreamPosition &position, qint64 replayed)
{
    ServerFrame subscribed;
    subscribed.kind = ServerFrame::Kind::Subscribed;
    subscribed.channels = Hub::channelNames(s.channels);
    subscribed.replayed = replayed;
    subscribed.position = position;
    send(s, subscribed);
    qCDebug(lcServerWs) << s.user->name << "subscribed to" << subscribed.channels << "replayed"
                        << replayed;
}

} // namespace Ops
