#pragma once

#include <chrono>
#include <memory>

#include <QCache>
#include <QElapsedTimer>
#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>
#include <QSet>

#include "tilesource.h"

namespace Ops {

//! \brief When a TileLayer gives up on its source and when it tries again (parameters, so tests
//! run fast).
struct TileLayerTiming
{
    //! This many failed tiles in a row (no tile delivered in between) and the map falls back to
    //! the schematic view.
    int failuresToFallBack = 3;
    //! A failed tile is asked for again after this long (a server that recovers is used again).
    std::chrono::milliseconds retryAfter { 30000 };
    //! At most this many tiles asked for and not answered yet (a hanging server cannot pile up
    //! requests while the dispatcher pans).
    int maxPending = 48;
    //! Decoded tiles kept in memory, in kB (256 px RGB32 = 256 kB).
    int memoryKb = 64 * 1024;
};

//! \brief The basemap a map view draws under its markers: asks its TileSource for the tiles a
//! view needs, keeps the answers in memory, and judges whether the source is usable.
//!
//! health() is NotConfigured without a source, Loading until the first answer, Ok while tiles
//! arrive, and Failing after failuresToFallBack failures in a row or a sourceFailed() — with
//! failure() saying why, for the map to show over its schematic fallback. Shared by every
//! window's map (one cache, one connection to the tile server).
class TileLayer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TileLayer)

public:
    enum class Health {
        NotConfigured,
        Loading,
        Ok,
        Failing,
    };
    Q_ENUM(Health)

    //! Takes ownership of \a source (null: no basemap configured).
    explicit TileLayer(
        std::unique_ptr<TileSource> source, TileLayerTiming timing = {}, QObject *parent = nullptr);
    ~TileLayer() override;

    [[nodiscard]] TileSource *source() const { return m_source.get(); }
    [[nodiscard]] Health health() const { return m_health; }
    //! Why the layer is Failing (the source's words: "HTTP 500", "no answer within 8 s").
    [[nodiscard]] QString failure() const { return m_failure; }
    [[nodiscard]] QString attribution() const;
    [[nodiscard]] int minZoom() const;
    [[nodiscard]] int maxZoom() const;

    //! The tile if it is in memory (null when not, or when there is none there).
    [[nodiscard]] const QImage *tile(const TileId &tile) const;
    //! Whether \a tile has been answered and there is no image for it.
    [[nodiscard]] bool isEmpty(const TileId &tile) const { return m_empty.contains(tile); }
    //! Asks the source for those of \a tiles not in memory, not asked for already and not
    //! failed within retryAfter, in order, up to maxPending outstanding.
    void request(const QList<TileId> &tiles);
    [[nodiscard]] int pendingCount() const { return int(m_pending.size()); }

Q_SIGNALS:
    //! A tile arrived (draw again).
    void tilesChanged();
    void healthChanged(Ops::TileLayer::Health health);

private:
    void onLoaded(const TileId &tile, const QImage &image);
    void onFailed(const TileId &tile, const QString &reason);
    void setHealth(Health health, const QString &failure = {});

    std::unique_ptr<TileSource> m_source;
    TileLayerTiming m_timing;
    QCache<TileId, QImage> m_images;
    QSet<TileId> m_empty;
    QSet<TileId> m_pending;
    QHash<TileId, qint64> m_failedAt; //!< ms on m_clock
    QElapsedTimer m_clock;
    Health m_health = Health::NotConfigured;
    QString m_failure;
    int m_failuresInARow = 0;
    bool m_sourceBroken = false;
};

} // namespace Ops
