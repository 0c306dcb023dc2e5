#include "tilelayer.h"

#include "core/logging.h"

namespace Ops {

TileLayer::TileLayer(std::unique_ptr<TileSource> source, TileLayerTiming timing, QObject *parent)
    : QObject(parent)
    , m_source(std::move(source))
    , m_timing(timing)
    , m_images(timing.memoryKb)
{
    m_clock.start();
    if (!m_source)
        return;
    m_health = Health::Loading;
    connect(m_source.get(), &TileSource::tileLoaded, this, &TileLayer::onLoaded);
    connect(m_source.get(), &TileSource::tileFailed, this, &TileLayer::onFailed);
    connect(m_source.get(), &TileSource::sourceFailed, this, [this](const QString &reason) {
        m_sourceBroken = true;
        qCWarning(lcMap) << "basemap" << m_source->name() << "unusable:" << reason;
        setHealth(Health::Failing, reason);
    });
    connect(m_source.get(), &TileSource::metadataChanged, this, &TileLayer::tilesChanged);
}

TileLayer::~TileLayer() = default;

QString TileLayer::attribution() const
{
    return m_source ? m_source->attribution() : QString();
}

int TileLayer::minZoom() const
{
    return m_source ? m_source->minZoom() : 0;
}

int TileLayer::maxZoom() const
{
    return m_source ? m_source->maxZoom() : 19;
}

const QImage *TileLayer::tile(const TileId &tile) const
{
    return m_images.object(tile);
}

void TileLayer::request(const QList<TileId> &tiles)
{
    if (!m_source || m_sourceBroken)
        return;
    const qint64 now = m_clock.elapsed();
    for (const TileId &tile : tiles) {
        if (m_pending.size() >= m_timing.maxPending)
            return;
        if (m_images.contains(tile) || m_empty.contains(tile) || m_pending.contains(tile))
            continue;
        if (const auto failed = m_failedAt.constFind(tile);
            failed != m_failedAt.cend() && now - *failed < m_timing.retryAfter.count())
            continue;
        m_pending.insert(tile);
        m_source->request(tile);
    }
}

void TileLayer::onLoaded(const TileId &tile, const QImage &image)
{
    m_pending.remove(tile);
    m_failedAt.remove(tile);
    m_failuresInARow = 0;
    if (image.isNull()) {
        m_empty.insert(tile);
    } else {
        // Drawn many times: in the format the raster paint engine blits fastest.
        auto *stored = new QImage(image.convertToFormat(QImage::Format_ARGB32_Premultiplied));
        m_images.insert(tile, stored, int(stored->sizeInBytes() / 1024) + 1);
    }
    if (!m_sourceBroken)
        setHealth(Health::Ok);
    Q_EMIT tilesChanged();
}

void TileLayer::onFailed(const TileId &tile, const QString &reason)
{
    m_pending.remove(tile);
    m_failedAt.insert(tile, m_clock.elapsed());
    ++m_failuresInARow;
    if (m_failuresInARow >= m_timing.failuresToFallBack && m_health != Health::Failing) {
        qCWarning(lcMap) << "basemap" << m_source->name() << "failing:" << reason;
        setHealth(Health::Failing, reason);
    } else if (m_health == Health::Failing) {
        m_failure = reason;
    }
}

void TileLayer::setHealth(Health health, const QString &failure)
{
    if (health == m_health && failure == m_failure)
        return;
    const bool changed = health != m_health;
    m_health = health;
    m_failure = failure;
    if (changed)
        Q_EMIT healthChanged(health);
    Q_EMIT tilesChanged();
}

} // namespace Ops
