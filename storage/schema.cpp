#include "storage/schema.h"

namespace socialite::storage {

const std::vector<std::string>& Migrations() {
  static const std::vector<std::string> migrations = {
      // 1: accounts and phone numbers, Meta's directory, sign-ups, tags.
      R"sql(
      -- Meta's side: business accounts reachable by an access token (fixtures).
      CREATE TABLE meta_accounts (
        access_token TEXT PRIMARY KEY,
        meta_waba_id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL
      );
      CREATE TABLE meta_phone_numbers (
        meta_phone_number_id TEXT PRIMARY KEY,
        meta_waba_id TEXT NOT NULL REFERENCES meta_accounts(meta_waba_id) ON DELETE CASCADE,
        phone_number TEXT NOT NULL,
        display_phone_number TEXT NOT NULL,
        display_name TEXT NOT NULL,
        quality_rating TEXT NOT NULL,
        position INTEGER NOT NULL
      );
      -- Step 1 of a sign-up: the token and the WABA and numbers it offered.
      CREATE TABLE signups (
        token TEXT PRIMARY KEY,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        meta_waba_id TEXT NOT NULL,
        waba_id TEXT NOT NULL,
        waba_name TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        used INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE signup_numbers (
        token TEXT NOT NULL REFERENCES signups(token) ON DELETE CASCADE,
        phone_number_id TEXT NOT NULL,
        meta_phone_number_id TEXT NOT NULL,
        phone_number TEXT NOT NULL,
        display_phone_number TEXT NOT NULL,
        display_name TEXT NOT NULL,
        quality_rating TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (token, phone_number_id)
      );
      -- AWS side: linked WABAs and their numbers, partitioned by (account, region).
      CREATE TABLE wabas (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        id TEXT NOT NULL,
        meta_waba_id TEXT NOT NULL,
        name TEXT NOT NULL,
        registration_status TEXT NOT NULL,
        link_date_ms INTEGER NOT NULL,
        enable_sending INTEGER NOT NULL,
        enable_receiving INTEGER NOT NULL,
        UNIQUE (account, region, id),
        UNIQUE (account, region, meta_waba_id)
      );
      CREATE TABLE waba_event_destinations (
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        waba_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        event_destination_arn TEXT NOT NULL,
        role_arn TEXT,
        PRIMARY KEY (account, region, waba_id, position),
        FOREIGN KEY (account, region, waba_id) REFERENCES wabas(account, region, id)
          ON DELETE CASCADE
      );
      CREATE TABLE phone_numbers (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        id TEXT NOT NULL,
        waba_id TEXT NOT NULL,
        meta_phone_number_id TEXT NOT NULL,
        phone_number TEXT NOT NULL,
        display_phone_number TEXT NOT NULL,
        display_name TEXT NOT NULL,
        quality_rating TEXT NOT NULL,
        data_localization_region TEXT,
        UNIQUE (account, region, id),
        UNIQUE (account, region, meta_phone_number_id),
        FOREIGN KEY (account, region, waba_id) REFERENCES wabas(account, region, id)
          ON DELETE CASCADE
      );
      CREATE TABLE tags (
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (account, region, resource_id, key)
      );
      )sql",
      // 2: templates, media, messages and their status history, customer service windows,
      // and the event outbox the events pipeline delivers from.
      R"sql(
      CREATE TABLE templates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        waba_id TEXT NOT NULL,
        meta_template_id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        language TEXT NOT NULL,
        category TEXT NOT NULL,
        status TEXT NOT NULL,
        rejected_reason TEXT,
        quality_score TEXT NOT NULL DEFAULT 'UNKNOWN',
        definition_json TEXT NOT NULL,
        cta_url_link_tracking_opted_out INTEGER NOT NULL DEFAULT 0,
        library_template_name TEXT,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL,
        review_due_ms INTEGER,
        UNIQUE (account, region, waba_id, name, language),
        FOREIGN KEY (account, region, waba_id) REFERENCES wabas(account, region, id)
          ON DELETE CASCADE
      );
      CREATE INDEX templates_review_due ON templates(review_due_ms)
        WHERE review_due_ms IS NOT NULL;
      -- Edits of approved templates, for Meta's edit limits.
      CREATE TABLE template_edits (
        meta_template_id TEXT NOT NULL REFERENCES templates(meta_template_id) ON DELETE CASCADE,
        at_ms INTEGER NOT NULL
      );
      CREATE TABLE media (
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        media_id TEXT NOT NULL,
        phone_number_id TEXT NOT NULL,
        origin TEXT NOT NULL,
        mime_type TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        file_size INTEGER NOT NULL,
        bytes BLOB NOT NULL,
        created_ms INTEGER NOT NULL,
        expires_ms INTEGER NOT NULL,
        PRIMARY KEY (account, region, media_id),
        FOREIGN KEY (account, region, phone_number_id) REFERENCES phone_numbers(account, region, id)
          ON DELETE CASCADE
      );
      CREATE INDEX media_expiry ON media(expires_ms);
      CREATE TABLE messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        wamid TEXT NOT NULL UNIQUE,
        phone_number_id TEXT NOT NULL,
        waba_id TEXT NOT NULL,
        direction TEXT NOT NULL,
        wa_id TEXT NOT NULL,
        type TEXT NOT NULL,
        template_name TEXT,
        template_language TEXT,
        body_json TEXT NOT NULL,
        biz_opaque_callback_data TEXT,
        reply_to TEXT,
        outcome_code INTEGER,
        outcome_details TEXT,
        created_ms INTEGER NOT NULL,
        read_ms INTEGER,
        FOREIGN KEY (account, region, phone_number_id) REFERENCES phone_numbers(account, region, id)
          ON DELETE CASCADE
      );
      CREATE INDEX messages_by_phone ON messages(account, region, phone_number_id, seq);
      CREATE TABLE message_statuses (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        wamid TEXT NOT NULL REFERENCES messages(wamid) ON DELETE CASCADE,
        status TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        error_code INTEGER
      );
      CREATE INDEX message_statuses_by_wamid ON message_statuses(wamid, seq);
      -- The 24-hour customer service window: last inbound message per (number, customer).
      CREATE TABLE service_windows (
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        phone_number_id TEXT NOT NULL,
        wa_id TEXT NOT NULL,
        last_inbound_ms INTEGER NOT NULL,
        PRIMARY KEY (account, region, phone_number_id, wa_id)
      );
      -- Outbox: every webhook event, written with the state change that caused it. An event
      -- happens at due_ms (statuses are scheduled ahead); the dispatcher delivers it after that.
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        waba_id TEXT NOT NULL,
        phone_number_id TEXT,
        wamid TEXT,
        kind TEXT NOT NULL,
        field TEXT NOT NULL,
        status TEXT,
        error_code INTEGER,
        envelope_json TEXT NOT NULL,
        destination_arn TEXT,
        created_ms INTEGER NOT NULL,
        due_ms INTEGER NOT NULL,
        delivery_state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_ms INTEGER,
        last_error TEXT,
        finished_ms INTEGER
      );
      CREATE INDEX events_open ON events(delivery_state, due_ms, seq);
      CREATE INDEX events_by_wamid ON events(wamid, due_ms);
      CREATE TABLE event_attempts (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        attempt INTEGER NOT NULL,
        at_ms INTEGER NOT NULL,
        target TEXT NOT NULL,
        delivered INTEGER NOT NULL,
        http_status INTEGER NOT NULL,
        detail TEXT NOT NULL,
        PRIMARY KEY (event_id, attempt)
      );
      -- Small settings that must survive a restart (the manual clock, status rules).
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      )sql",
      // 3: indexes that let the account and phone-number listings walk rows in order
      // instead of sorting them in a temporary B-tree on every Get and List.
      R"sql(
      CREATE INDEX wabas_in_order ON wabas(account, region, seq);
      CREATE INDEX phone_numbers_by_waba ON phone_numbers(account, region, waba_id, seq);
      )sql",
      // 4: the open events of each destination in delivery order, so that the dispatcher
      // claims per destination (a destination with a backlog never hides the others).
      R"sql(
      CREATE INDEX events_open_by_destination ON events(destination_arn, due_ms, seq)
        WHERE delivery_state IN ('pending', 'retrying');
      )sql",
      // 5: WhatsApp Flows of each linked WABA, with their flow.json asset and the tokens of
      // the preview page and the asset download that Socialite serves.
      R"sql(
      CREATE TABLE flows (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        waba_id TEXT NOT NULL,
        flow_id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        categories TEXT NOT NULL,
        status TEXT NOT NULL,
        validation_errors TEXT NOT NULL,
        json_version TEXT,
        data_api_version TEXT,
        uses_data_exchange INTEGER NOT NULL DEFAULT 0,
        endpoint_uri TEXT,
        meta_app_id TEXT,
        preview_token TEXT UNIQUE,
        preview_expires_ms INTEGER NOT NULL DEFAULT 0,
        asset_token TEXT UNIQUE,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL,
        -- Last: a row's later columns are read without walking this (up to 10 MB) value.
        flow_json TEXT,
        UNIQUE (account, region, waba_id, name),
        FOREIGN KEY (account, region, waba_id) REFERENCES wabas(account, region, id)
          ON DELETE CASCADE
      );
      CREATE INDEX flows_in_order ON flows(account, region, waba_id, seq);
      )sql",
      // 6: SNS HTTP(S) subscriptions of the topics bound to URLs, and the key that signs
      // their messages (kept across resets: signatures made before one stay verifiable).
      R"sql(
      CREATE TABLE sns_subscriptions (
        subscription_arn TEXT PRIMARY KEY,
        topic_arn TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        token TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        confirmation_sent_ms INTEGER,
        confirmed_ms INTEGER,
        UNIQUE (topic_arn, endpoint)
      );
      CREATE TABLE sns_signing_keys (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        private_key_pem TEXT NOT NULL,
        certificate_pem TEXT NOT NULL,
        created_ms INTEGER NOT NULL
      );
      )sql",
      // 7: conversion datasets (Meta's, one per Meta WABA) and the conversion events sent to
      // them; the 2026-09 state of phone numbers: business public keys, calling settings,
      // end users' call permissions and calls.
      R"sql(
      CREATE TABLE meta_datasets (
        meta_waba_id TEXT PRIMARY KEY,
        dataset_id TEXT NOT NULL UNIQUE,
        created_ms INTEGER NOT NULL
      );
      CREATE TABLE conversion_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        waba_id TEXT NOT NULL,
        dataset_id TEXT NOT NULL,
        request_id TEXT NOT NULL,
        event_name TEXT NOT NULL,
        event_time INTEGER NOT NULL,
        event_id TEXT,
        ctwa_clid TEXT,
        event_json TEXT NOT NULL,
        received_ms INTEGER NOT NULL,
        FOREIGN KEY (account, region, waba_id) REFERENCES wabas(account, region, id)
          ON DELETE CASCADE
      );
      CREATE INDEX conversion_events_by_waba ON conversion_events(account, region, waba_id);
      CREATE TABLE business_public_keys (
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        phone_number_id TEXT NOT NULL,
        public_key_pem TEXT NOT NULL,
        kms_key_arn TEXT,
        signature_status TEXT NOT NULL,
        updated_ms INTEGER NOT NULL,
        PRIMARY KEY (account, region, phone_number_id),
        FOREIGN KEY (account, region, phone_number_id) REFERENCES phone_numbers(account, region, id)
          ON DELETE CASCADE
      );
      CREATE TABLE call_settings (
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        phone_number_id TEXT NOT NULL,
        settings_json TEXT NOT NULL,
        updated_ms INTEGER NOT NULL,
        PRIMARY KEY (account, region, phone_number_id),
        FOREIGN KEY (account, region, phone_number_id) REFERENCES phone_numbers(account, region, id)
          ON DELETE CASCADE
      );
      CREATE TABLE call_permissions (
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        phone_number_id TEXT NOT NULL,
        user TEXT NOT NULL,
        status TEXT NOT NULL,
        expires_ms INTEGER,
        updated_ms INTEGER NOT NULL,
        PRIMARY KEY (account, region, phone_number_id, user),
        FOREIGN KEY (account, region, phone_number_id) REFERENCES phone_numbers(account, region, id)
          ON DELETE CASCADE
      );
      CREATE TABLE calls (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        call_id TEXT NOT NULL UNIQUE,
        phone_number_id TEXT NOT NULL,
        waba_id TEXT NOT NULL,
        user TEXT NOT NULL,
        direction TEXT NOT NULL,
        state TEXT NOT NULL,
        biz_opaque_callback_data TEXT,
        created_ms INTEGER NOT NULL,
        accepted_ms INTEGER,
        ended_ms INTEGER,
        FOREIGN KEY (account, region, phone_number_id) REFERENCES phone_numbers(account, region, id)
          ON DELETE CASCADE
      );
      CREATE INDEX calls_by_user ON calls(account, region, phone_number_id, user, created_ms);
      )sql",
      // 8: the flow each accepted flow message opens (a THROTTLED flow's hourly cap counts
      // them; a customer's completion echoes the token).
      R"sql(
      CREATE TABLE flow_sends (
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        wamid TEXT NOT NULL,
        waba_id TEXT NOT NULL,
        flow_id TEXT NOT NULL,
        flow_token TEXT NOT NULL,
        sent_ms INTEGER NOT NULL,
        PRIMARY KEY (account, region, wamid)
      );
      CREATE INDEX flow_sends_recent ON flow_sends(account, region, flow_id, sent_ms);
      )sql",
      // 9: delivery realism and replay. An event keeps one row however often it is delivered:
      // occurs_ms is when it happened (due_ms, when it is delivered, may come later),
      // copies_owed the duplicate deliveries still to make, attempt_base the attempts made
      // before the current delivery (its retry budget starts there) and delivery_kind what the
      // current delivery is; each attempt names the delivery it belonged to. Messages keep
      // the metaApiVersion they were sent with (it decides the status payloads), and an
      // index finds a number's messages of the last seconds (Meta's rate limits).
      R"sql(
      ALTER TABLE events ADD COLUMN occurs_ms INTEGER;
      ALTER TABLE events ADD COLUMN copies_owed INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE events ADD COLUMN copy_gap_ms INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE events ADD COLUMN attempt_base INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE events ADD COLUMN delivery_kind TEXT NOT NULL DEFAULT 'original';
      ALTER TABLE event_attempts ADD COLUMN delivery TEXT NOT NULL DEFAULT 'original';
      ALTER TABLE messages ADD COLUMN meta_api_version TEXT;
      CREATE INDEX messages_by_phone_time ON messages(account, region, phone_number_id, created_ms);
      )sql",
      // 10: the inbox. An inbound message keeps the customer's profile name, and an index
      // walks each (number, customer) thread in order: the conversation list groups by it
      // and a thread pages through it (phone-number ids are unique across partitions). The
      // inbox's media previews find media by id alone.
      R"sql(
      ALTER TABLE messages ADD COLUMN customer_name TEXT;
      CREATE INDEX messages_by_thread ON messages(phone_number_id, wa_id, seq);
      CREATE INDEX media_by_id ON media(media_id);
      )sql",
      // 11: the Send path's writes. Each event's envelope (about 1 KB, written once, never
      // changed) moves to an append-only table keyed by the event's seq, so the event rows
      // that every delivery outcome rewrites stay small and share pages. An outbound message's
      // `accepted` status is no longer stored: it is the message row itself. Indexes written
      // on every Send that no query reads go: messages_by_phone (each reader of a number's
      // messages walks messages_by_thread or messages_by_phone_time), and events_open keeps
      // open events only (every reader asks for pending or retrying ones), so an outcome
      // removes its entry instead of moving it and the index stays the size of the backlog.
      R"sql(
      CREATE TABLE event_envelopes (
        event_seq INTEGER PRIMARY KEY REFERENCES events(seq) ON DELETE CASCADE,
        envelope_json TEXT NOT NULL
      );
      INSERT INTO event_envelopes (event_seq, envelope_json) SELECT seq, envelope_json FROM events;
      ALTER TABLE events DROP COLUMN envelope_json;
      DELETE FROM message_statuses WHERE status = 'accepted';
      DROP INDEX messages_by_phone;
      DROP INDEX events_open;
      CREATE INDEX events_open ON events(delivery_state, due_ms, seq)
        WHERE delivery_state IN ('pending', 'retrying');
      )sql",
  };
  return migrations;
}

}  // namespace socialite::storage
