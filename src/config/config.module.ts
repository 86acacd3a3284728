import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig, DATABASE_DIRECT_URL, DATABASE_URL } from './config';

@Global()
@Module({})
export class ConfigModule {
  static forConfig(config: AppConfig, databaseUrl: string) {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DATABASE_URL, useValue: databaseUrl },
        { provide: DATABASE_DIRECT_URL, useValue: config.databaseDirectUrl ?? databaseUrl },
      ],
      exports: [APP_CONFIG, DATABASE_URL, DATABASE_DIRECT_URL],
    };
  }
}
