#include "answercache.h"

#include <algorithm>

namespace Ops {

namespace {

qsizetype entryBytes(const QByteArray &key, const AnswerCache::Answer &answer)
{
    return key.size() + answer.body.size() + answer.etag.size() + answer.deflated.size();
}

} // namespace

AnswerCache::AnswerCache(qsizetype maxBytes, std::chrono::milliseconds maxAge, Clock clock)
    : m_maxBytes(maxBytes)
    , m_maxAge(maxAge)
    , m_clock(clock ? std::move(clock) : Clock([] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now().time_since_epoch());
    }))
{ }

std::optional<AnswerCache::Answer> AnswerCache::find(
    const QByteArray &key, const StreamPosition &head, quint64 generation)
{
    const auto it = m_entries.constFind(key);
    if (it == m_entries.cend()) {
        ++m_misses;
        return std::nullopt;
    }
    if (it->answer.position != head || it->generation != generation
        || m_clock() - it->storedAt > m_maxAge) {
        evict(key);
        ++m_misses;
        return std::nullopt;
    }
    ++m_hits;
    return it->answer;
}

QByteArray AnswerCache::deflate(const QByteArray &body)
{
    // qCompress writes a 4-byte length, then a zlib stream; level 1: most of the gain for JSON
    // at a fraction of the time.
    return qCompress(body, 1).mid(4);
}

AnswerCache::Answer AnswerCache::insert(const QByteArray &key, Answer answer, quint64 generation)
{
    evict(key);
    if (answer.body.size() >= DeflateFrom && answer.deflated.isEmpty())
        answer.deflated = deflate(answer.body);
    const qsizetype size = entryBytes(key, answer);
    if (size > m_maxBytes)
        return answer;
    while (m_bytes + size > m_maxBytes && !m_entries.isEmpty()) {
        const auto oldest = std::min_element(m_entries.cbegin(), m_entries.cend(),
            [](const Entry &a, const Entry &b) { return a.order < b.order; });
        evict(oldest.key());
    }
    m_bytes += size;
    m_entries.insert(key, Entry { answer, m_clock(), generation, m_nextOrder++ });
    return answer;
}

void AnswerCache::clear()
{
    m_entries.clear();
    m_bytes = 0;
}

void AnswerCache::evict(const QByteArray &key)
{
    const auto it = m_entries.find(key);
    if (it == m_entries.end())
        return;
    m_bytes -= entryBytes(key, it->answer);
    m_entries.erase(it);
}

} // namespace Ops
