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
  };
  return migrations;
}

}  // namespace socialite::storage
