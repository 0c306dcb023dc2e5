#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <vector>

#include <QByteArray>
#include <QString>
#include <QStringList>

#include "protocol/changeevent.h"

//! \file What the EventHub (main thread) and its workers (one thread each) hand each other.
//! Everything here is either immutable once shared (events, log batches) or atomic (counters).

namespace Ops::Hub {

//! The known channels as bits (bit i is Channels[i]): a session holds at most all five, so a
//! byte replaces a set of names.
using ChannelMask = quint8;
inline constexpr std::array<QLatin1StringView, 5> Channels { QLatin1StringView("orders"),
    QLatin1StringView("drivers"), QLatin1StringView("payments"), QLatin1StringView("alerts"),
    QLatin1StringView("kpis") };

//! The bit of channel \a name, or -1 for an unknown one.
[[nodiscard]] inline int channelBit(QStringView name)
{
    for (std::size_t i = 0; i < Channels.size(); ++i) {
        if (name == Channels[i])
            return int(i);
    }
    return -1;
}

[[nodiscard]] inline int channelCount(ChannelMask mask)
{
    int count = 0;
    for (; mask != 0; mask &= ChannelMask(mask - 1))
        ++count;
    return count;
}

//! The channels of \a mask by name, sorted.
[[nodiscard]] inline QStringList channelNames(ChannelMask mask)
{
    QStringList names;
    for (std::size_t i = 0; i < Channels.size(); ++i) {
        if (mask & (1u << i))
            names.append(Channels[i]);
    }
    names.sort();
    return names;
}

//! The channels that carry \a event: its entity's own (`orders` for imports too), and `kpis` for
//! every order, import, payment and alert event (the changes that move a KPI).
[[nodiscard]] inline ChannelMask carriers(const ChangeEvent &event)
{
    constexpr ChannelMask orders = 1u << 0, drivers = 1u << 1, payments = 1u << 2, alerts = 1u << 3,
                          kpis = 1u << 4;
    // An import is a batch of new orders: it goes where orders go.
    if (event.entity == QLatin1StringView("order") || event.entity == QLatin1StringView("import"))
        return orders | kpis;
    if (event.entity == QLatin1StringView("driver"))
        return drivers;
    if (event.entity == QLatin1StringView("payment"))
        return payments | kpis;
    if (event.entity == QLatin1StringView("alert"))
        return alerts | kpis;
    if (event.entity == QLatin1StringView("alertrule"))
        return alerts;
    return 0;
}

//! \brief The session limits and timings every worker applies (copied into each).
struct Settings
{
    std::chrono::milliseconds authTimeout { 5000 };
    std::chrono::milliseconds heartbeatInterval { 10000 };
    qint64 maxBufferedBytes = 4 * 1024 * 1024;
    qint64 sendBudget = 256 * 1024 * 1024;
    int maxBadFrames = 10;
    int softMessageRate = 20;
    int hardMessageRate = 50;
    int maxChannels = 8;
};

//! \brief One change event as every session sends it: serialised once, its frame shared.
struct Event
{
    qint64 seq = 0;
    ChannelMask carriers = 0; //!< the channels that carry it
    QString region; //!< empty: every region
    QByteArray frame; //!< the whole WebSocket text frame
};
using EventPtr = std::shared_ptr<const Event>;

//! \brief Events read from the log after a seq, for a replay or a catch-up; shared by the
//! sessions that ask for the same range.
struct LogBatch
{
    qint64 after = 0;
    std::vector<Event> events; //!< seq > after, in order
    bool complete = false; //!< the log held nothing more when it was read
    StreamPosition head; //!< the log's head when it was read
};
using LogBatchPtr = std::shared_ptr<const LogBatch>;

//! \brief The answer to a subscribe with `since`: a resync reason, or empty to replay up to
//! `head`.
struct Plan
{
    QString resyncReason;
    StreamPosition head;
};

//! \brief A close the worker sends as soon as the handshake is done (connection rate over
//! the limit, shutting down).
struct CloseRequest
{
    quint16 code = 0;
    QString reason;
};

//! Close codes counted one by one; any other goes in the last slot.
inline constexpr std::array<quint16, 12> CountedCloseCodes { 1000, 1001, 1002, 1007, 1008, 1009,
    4000, 4001, 4003, 4008, 4029, 4030 };

//! \brief A worker's counters: written by the worker, read by the metrics on the main thread.
struct Counters
{
    std::array<std::atomic<qint64>, 5> rejectedFrames {}; //!< by EventHub::FrameRejection
    std::array<std::atomic<qint64>, CountedCloseCodes.size() + 1> closes {};
    std::atomic<qint64> replays { 0 };
    std::atomic<qint64> replayedEvents { 0 };
    std::atomic<qint64> resyncs { 0 };
    std::atomic<qint64> budgetCloses { 0 };
    std::atomic<qint64> stalledCloses { 0 };
    std::atomic<qint64> heartbeatAborts { 0 };
    std::atomic<qint64> delivered { 0 };
    std::atomic<qint64> sessions { 0 };
    std::atomic<qint64> subscriptions { 0 };
    std::atomic<qint64> queuedBytes { 0 };
    std::atomic<qint64> largestQueue { 0 }; //!< as of the worker's last budget check
};

} // namespace Ops::Hub
