import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig, DATABASE_URL } from './config';

@Global()
@Module({})
export class ConfigModule {
  static forConfig(config: AppConfig, databaseUrl: string) {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DATABASE_URL, useValue: databaseUrl },
      ],
      exports: [APP_CONFIG, DATABASE_URL],
    };
  }
}
