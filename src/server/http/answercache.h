#pragma once

#include <chrono>
#include <functional>
#include <optional>

#include <QByteArray>
#include <QHash>

#include "protocol/changeevent.h"

//! \file Answers to identical reads at the same event-log position, serialised once.

namespace Ops {

//! \brief Remembers the serialised body of a list read, so that many callers asking the same
//! thing at the same event-log position get the same bytes without a second read and encode.
//!
//! After a CSV import every connected client reads the same delta (`?since=` the seq before the
//! import) within a few milliseconds of each other; after a restart every client reads its
//! list again. Each answer is kept under a key that says everything it depends on (the caller's
//! role and regions, the path, the query) and is given out only while the event log's head is
//! still the position the answer was read at, so a later write always misses. A time limit
//! bounds what depends on the clock rather than on the log (finished orders ageing out of the
//! default list), and a byte budget bounds memory: the oldest answers go first.
class AnswerCache final
{
public:
    using Clock = std::function<std::chrono::milliseconds()>;

    struct Answer
    {
        QByteArray body;
        StreamPosition position; //!< what the body reflects: the head it was read at
        QByteArray etag; //!< empty for answers without one (delta reads)
        qint64 total = -1; //!< the list's row count, when the answer has one
        //! body as `Content-Encoding: deflate` (zlib), for bodies of DeflateFrom bytes or more
        QByteArray deflated;
    };

    //! Bodies this large are also kept deflated: a 10,000-row delta is 4.8 MB of JSON and
    //! about a tenth of that deflated, so a hundred clients fetch 50 MB instead of 480 MB.
    static constexpr qsizetype DeflateFrom = 16 * 1024;
    //! \a body in the `deflate` content coding (RFC 9110 §8.4.1.2: a zlib stream).
    [[nodiscard]] static QByteArray deflate(const QByteArray &body);

    //! \a clock is a monotonic time (default: std::chrono::steady_clock); tests inject theirs.
    explicit AnswerCache(qsizetype maxBytes = 64 * 1024 * 1024,
        std::chrono::milliseconds maxAge = std::chrono::seconds(1), Clock clock = {});

    //! The answer kept under \a key, if it was read at \a head and log \a generation (see
    //! EventLog::generation()) and is not older than maxAge.
    [[nodiscard]] std::optional<Answer> find(
        const QByteArray &key, const StreamPosition &head, quint64 generation);
    //! Keeps \a answer, read at log \a generation, under \a key (an answer larger than the
    //! whole budget is not kept), deflating its body first when it is large; returns the
    //! answer as kept.
    Answer insert(const QByteArray &key, Answer answer, quint64 generation);
    //! Forgets every answer (what they depend on changed, e.g. the server's settings).
    void clear();

    [[nodiscard]] quint64 hits() const { return m_hits; }
    [[nodiscard]] quint64 misses() const { return m_misses; }
    [[nodiscard]] qsizetype bytes() const { return m_bytes; }
    [[nodiscard]] qsizetype size() const { return m_entries.size(); }

private:
    struct Entry
    {
        Answer answer;
        std::chrono::milliseconds storedAt;
        quint64 generation = 0;
        quint64 order = 0; //!< insertion order: the smallest is evicted first
    };

    void evict(const QByteArray &key);

    qsizetype m_maxBytes;
    std::chrono::milliseconds m_maxAge;
    Clock m_clock;
    QHash<QByteArray, Entry> m_entries;
    qsizetype m_bytes = 0;
    quint64 m_nextOrder = 0;
    quint64 m_hits = 0;
    quint64 m_misses = 0;
};

} // namespace Ops
